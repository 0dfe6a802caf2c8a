// Text of order actions from a case (refund, cancel, returns): keys start with "orderAction.".
export const orderActions = {
} as const;
