import { campaignAction } from '../common/campaignAction';

export const operation = campaignAction('pause', {
	name: 'Pause',
	action: 'Pause a campaign',
	summary: "Hold the campaign's pending calls",
});
