// Text of the demo storefront page and admin-side storefront screens: keys start with "storefront.".
export const storefront = {
} as const;
