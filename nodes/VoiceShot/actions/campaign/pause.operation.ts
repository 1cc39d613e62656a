import { campaignAction } from '../common/campaignAction';

export const { description, execute } = campaignAction('pause');
