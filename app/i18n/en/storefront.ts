// Text of the demo storefront page and admin-side storefront screens: keys start with "storefront.".
export const storefront = {
  "storefront.demo.title": "Support – Northwind Outfitters (demo storefront)",
  "storefront.demo.skip": "Skip to content",
  "storefront.demo.nav": "Store",
  "storefront.demo.navShop": "Shop",
  "storefront.demo.navSupport": "Help and support",
  "storefront.demo.navAccount": "Account",
  "storefront.demo.banner":
    "Demo storefront: these are the app's real theme blocks, rendered from extensions/support-theme. Requests to /apps/support are signed the way Shopify's app proxy signs them.",
  "storefront.demo.browseAs": "Browse as",
  "storefront.demo.guest": "Guest",
  "storefront.demo.customer": "Signed-in demo customer {name}",
  "storefront.demo.signedInAs": "Signed in as {name} ({email}).",
  "storefront.demo.guestHint": "To try a guest lookup, use order {order} with the email {email}.",
  "storefront.demo.language": "Storefront language",
  "storefront.demo.pageHeading": "Help and support",
  "storefront.demo.footer": "Northwind Outfitters is a demo shop. Nothing here reaches a real store or inbox.",
  "storefront.demo.noShop": "The demo shop has not been seeded yet. Run `npm run demo` to seed it.",
} as const;
