import { campaignAction } from '../common/campaignAction';

export const operation = campaignAction('resume', {
	name: 'Resume',
	action: 'Resume a campaign',
	summary: "Release the campaign's paused calls",
});
