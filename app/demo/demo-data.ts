// Static catalogues behind the demo shop (app/demo/seed-demo.server.ts): the store, its team, products,
// customers' names and cities, carriers, macros, help articles and the message templates of demo cases.
// Plain data only: the seed combines it with a seeded PRNG, so the same seed gives the same shop.
//
// Emails use reserved domains (example.com/.net/.org, *.example) so that nothing seeded can ever reach a
// real inbox, whatever a later feature does with it.

import type { CaseTopic, StaffRole } from "../generated/prisma/client";

// ───────────────────────────── The store and its team ─────────────────────────────

export const DEMO_SHOP = {
  name: "Northwind Outfitters",
  email: "hello@northwind-outfitters.example",
  supportEmail: "support@northwind-outfitters.example",
  currencyCode: "USD",
  ianaTimezone: "America/New_York",
  /** Numeric shop id as Shopify would show it in order status page links. */
  shopifyShopId: 68412390017,
  scopes: "read_orders,write_orders,read_customers,read_fulfillments,read_returns,write_returns,read_products,read_shopify_payments_disputes,read_own_subscription_contracts,read_customer_payment_methods,write_customers",
} as const;

const WEEKDAY = { open: "09:00", close: "17:00" } as const;

/** Shop.settings as the demo merchant configured it (validated by app/shops/settings.server.ts). */
export const DEMO_SETTINGS = {
  businessHours: {
    timezone: "America/New_York",
    days: { mon: [WEEKDAY], tue: [WEEKDAY], wed: [WEEKDAY], thu: [WEEKDAY], fri: [WEEKDAY], sat: [], sun: [] },
    holidays: [],
  },
  sla: { firstResponseHours: 24, resolutionHours: 72, businessHoursOnly: false },
  refunds: { agentLimit: "150.00", requireNote: true },
  channels: { email: true, storefront: true, customerAccount: true },
  email: { replyTo: "support@northwind-outfitters.example", signature: "The Northwind Outfitters team" },
  satisfaction: { enabled: true, sendAfterHours: 24 },
  autoAssign: false,
};

export interface DemoStaff {
  key: "admin" | "agent1" | "agent2";
  firstName: string;
  lastName: string;
  email: string;
  role: StaffRole;
  accountOwner: boolean;
  shopifyUserId: number;
  refundLimit: string | null;
}

export const DEMO_STAFF: DemoStaff[] = [
  {
    key: "admin",
    firstName: "Maya",
    lastName: "Okafor",
    email: "maya@northwind-outfitters.example",
    role: "ADMIN",
    accountOwner: true,
    shopifyUserId: 98140255233,
    refundLimit: null,
  },
  {
    key: "agent1",
    firstName: "Jordan",
    lastName: "Reyes",
    email: "jordan@northwind-outfitters.example",
    role: "AGENT",
    accountOwner: false,
    shopifyUserId: 98140288001,
    refundLimit: "150.00",
  },
  {
    key: "agent2",
    firstName: "Priya",
    lastName: "Raman",
    email: "priya@northwind-outfitters.example",
    role: "AGENT",
    accountOwner: false,
    shopifyUserId: 98140301569,
    refundLimit: "150.00",
  },
];

export const DEMO_TAGS: { name: string; color: string }[] = [
  { name: "vip", color: "#8A6116" },
  { name: "fragile", color: "#B98900" },
  { name: "wholesale", color: "#2C6ECB" },
  { name: "escalated", color: "#D72C0D" },
  { name: "carrier-issue", color: "#C05717" },
  { name: "exchange", color: "#007F5F" },
  { name: "repeat-contact", color: "#6D7175" },
  { name: "address-change", color: "#5C6AC4" },
  { name: "gift", color: "#AE4A84" },
];

// ───────────────────────────── Catalogue ─────────────────────────────

export interface DemoProduct {
  key: string;
  title: string;
  productType: string;
  /** Shopify product id (13 digits). */
  productId: number;
  /** First variant id; variants count up from it. */
  variantBase: number;
  skuPrefix: string;
  /** Price in cents. */
  price: number;
  sizes: string[];
  colors: string[];
  tags: string[];
  requiresShipping: boolean;
  /** Relative popularity. */
  weight: number;
}

const APPAREL = ["XS", "S", "M", "L", "XL", "XXL"];
const WAIST = ["28", "30", "32", "34", "36", "38"];
const SHOES = ["US 7", "US 8", "US 9", "US 10", "US 11", "US 12"];

export const VENDOR = "Northwind Outfitters";

export const PRODUCTS: DemoProduct[] = [
  { key: "shell", title: "Ridgeline Waterproof Shell Jacket", productType: "Jackets", productId: 8841203310593, variantBase: 47112093302785, skuPrefix: "NW-RSJ", price: 22900, sizes: APPAREL, colors: ["Slate", "Forest", "Ember"], tags: ["outerwear", "waterproof"], requiresShipping: true, weight: 9 },
  { key: "puffer", title: "Summit Down Puffer", productType: "Jackets", productId: 8841203343361, variantBase: 47112093532161, skuPrefix: "NW-SDP", price: 25900, sizes: APPAREL, colors: ["Black", "Glacier", "Rust"], tags: ["outerwear", "insulated", "down"], requiresShipping: true, weight: 7 },
  { key: "fleece", title: "Trailhead Fleece Pullover", productType: "Fleece", productId: 8841203376129, variantBase: 47112093761537, skuPrefix: "NW-TFP", price: 8900, sizes: APPAREL, colors: ["Oatmeal", "Navy", "Moss"], tags: ["midlayer"], requiresShipping: true, weight: 12 },
  { key: "vest", title: "Cascade Softshell Vest", productType: "Vests", productId: 8841203408897, variantBase: 47112093990913, skuPrefix: "NW-CSV", price: 11900, sizes: APPAREL, colors: ["Charcoal", "Olive"], tags: ["midlayer"], requiresShipping: true, weight: 5 },
  { key: "pants", title: "Switchback Hiking Pants", productType: "Pants", productId: 8841203441665, variantBase: 47112094220289, skuPrefix: "NW-SHP", price: 9800, sizes: WAIST, colors: ["Khaki", "Graphite"], tags: ["bottoms", "stretch"], requiresShipping: true, weight: 10 },
  { key: "baselayer", title: "Basecamp Merino Crew", productType: "Base Layers", productId: 8841203474433, variantBase: 47112094449665, skuPrefix: "NW-BMC", price: 7800, sizes: APPAREL, colors: ["Heather Grey", "Black", "Teal"], tags: ["merino", "base-layer"], requiresShipping: true, weight: 9 },
  { key: "socks", title: "Meadow Merino Hiking Socks (3-pack)", productType: "Socks", productId: 8841203507201, variantBase: 47112094679041, skuPrefix: "NW-MHS", price: 3600, sizes: ["S", "M", "L"], colors: ["Assorted"], tags: ["merino", "accessories"], requiresShipping: true, weight: 14 },
  { key: "beanie", title: "Alpine Wool Beanie", productType: "Accessories", productId: 8841203539969, variantBase: 47112094908417, skuPrefix: "NW-AWB", price: 3200, sizes: ["One Size"], colors: ["Cranberry", "Navy", "Cream"], tags: ["accessories", "wool"], requiresShipping: true, weight: 11 },
  { key: "flannel", title: "Timberline Flannel Shirt", productType: "Shirts", productId: 8841203572737, variantBase: 47112095137793, skuPrefix: "NW-TFS", price: 6900, sizes: APPAREL, colors: ["Red Plaid", "Blue Plaid"], tags: ["shirts"], requiresShipping: true, weight: 8 },
  { key: "tee", title: "Drift Quick-Dry Tee", productType: "Shirts", productId: 8841203605505, variantBase: 47112095367169, skuPrefix: "NW-DQT", price: 3800, sizes: APPAREL, colors: ["White", "Sage", "Sky"], tags: ["shirts", "quick-dry"], requiresShipping: true, weight: 12 },
  { key: "runner", title: "Granite Trail Runner", productType: "Footwear", productId: 8841203638273, variantBase: 47112095596545, skuPrefix: "NW-GTR", price: 13900, sizes: SHOES, colors: ["Stone", "Volt"], tags: ["footwear"], requiresShipping: true, weight: 7 },
  { key: "boot", title: "Overlook Waterproof Hiking Boot", productType: "Footwear", productId: 8841203671041, variantBase: 47112095825921, skuPrefix: "NW-OHB", price: 18900, sizes: SHOES, colors: ["Brown", "Black"], tags: ["footwear", "waterproof"], requiresShipping: true, weight: 6 },
  { key: "daypack", title: "Sierra 28L Daypack", productType: "Packs", productId: 8841203703809, variantBase: 47112096055297, skuPrefix: "NW-S28", price: 12900, sizes: ["One Size"], colors: ["Forest", "Black", "Sunset"], tags: ["packs"], requiresShipping: true, weight: 7 },
  { key: "trekpack", title: "Horizon 55L Trekking Pack", productType: "Packs", productId: 8841203736577, variantBase: 47112096284673, skuPrefix: "NW-H55", price: 24900, sizes: ["S/M", "M/L"], colors: ["Slate"], tags: ["packs"], requiresShipping: true, weight: 3 },
  { key: "hoodie", title: "Canyon Sun Hoodie", productType: "Shirts", productId: 8841203769345, variantBase: 47112096514049, skuPrefix: "NW-CSH", price: 5800, sizes: APPAREL, colors: ["Sand", "Lake"], tags: ["shirts", "upf50"], requiresShipping: true, weight: 8 },
  { key: "bottle", title: "Lakeshore Insulated Bottle 32 oz", productType: "Drinkware", productId: 8841203802113, variantBase: 47112096743425, skuPrefix: "NW-LIB", price: 3400, sizes: ["32 oz"], colors: ["Spruce", "Stone", "Coral"], tags: ["camp"], requiresShipping: true, weight: 9 },
  { key: "mugs", title: "Campfire Enamel Mug Set (2)", productType: "Camp", productId: 8841203834881, variantBase: 47112096972801, skuPrefix: "NW-CEM", price: 2800, sizes: ["Set of 2"], colors: ["Speckled Blue", "Cream"], tags: ["camp", "fragile"], requiresShipping: true, weight: 6 },
  { key: "lantern", title: "Firefly Rechargeable Lantern", productType: "Camp", productId: 8841203867649, variantBase: 47112097202177, skuPrefix: "NW-FRL", price: 4900, sizes: ["One Size"], colors: ["Olive"], tags: ["camp", "fragile"], requiresShipping: true, weight: 4 },
  { key: "poncho", title: "Packable Rain Poncho", productType: "Accessories", productId: 8841203900417, variantBase: 47112097431553, skuPrefix: "NW-PRP", price: 4500, sizes: ["One Size"], colors: ["Yellow", "Navy"], tags: ["accessories", "waterproof"], requiresShipping: true, weight: 4 },
  { key: "giftcard", title: "Northwind Gift Card", productType: "Gift Card", productId: 8841203933185, variantBase: 47112097660929, skuPrefix: "NW-GC", price: 5000, sizes: ["$25", "$50", "$100"], colors: [], tags: ["gift-card"], requiresShipping: false, weight: 4 },
  // Clearance: final sale, excluded from returns by the return policy.
  { key: "shell-2025", title: "Ridgeline Shell Jacket – 2025 Edition (Final Sale)", productType: "Jackets", productId: 8841203965953, variantBase: 47112097890305, skuPrefix: "NW-RSJ25", price: 13900, sizes: APPAREL, colors: ["Cobalt"], tags: ["outerwear", "final-sale", "clearance"], requiresShipping: true, weight: 3 },
  { key: "fleece-sample", title: "Trailhead Fleece – Sample Sale (Final Sale)", productType: "Fleece", productId: 8841203998721, variantBase: 47112098119681, skuPrefix: "NW-TFPS", price: 4900, sizes: ["S", "M", "L"], colors: ["Mustard"], tags: ["midlayer", "final-sale", "clearance"], requiresShipping: true, weight: 3 },
  { key: "boxer", title: "Merino Boxer Brief", productType: "Underwear", productId: 8841204031489, variantBase: 47112098349057, skuPrefix: "NW-MBB", price: 2800, sizes: ["S", "M", "L", "XL"], colors: ["Black"], tags: ["merino", "final-sale"], requiresShipping: true, weight: 4 },
];

/** Gift card denominations (cents) by variant size. */
export const GIFT_CARD_PRICES: Record<string, number> = { $25: 2500, $50: 5000, $100: 10000 };

export const DISCOUNT_CODES = [
  { code: "WELCOME10", percent: 10 },
  { code: "TRAIL15", percent: 15 },
  { code: "FRIENDS20", percent: 20 },
];

export const ORDER_NOTES = [
  "Please leave the parcel at the side door.",
  "It's a gift: please don't include the invoice in the box.",
  "Gate code 4417.",
  "Deliver to the front desk if nobody answers.",
  "Happy birthday Sam! Love, Alex",
];

// ───────────────────────────── People and places ─────────────────────────────

export const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Mateo", "Isabella", "Lucas", "Mia", "Ethan",
  "Amelia", "Mason", "Harper", "Logan", "Evelyn", "James", "Abigail", "Benjamin", "Emily", "Henry", "Ella",
  "Sebastian", "Chloe", "Jack", "Grace", "Owen", "Nora", "Samuel", "Zoe", "Daniel", "Hannah", "Wyatt", "Aria",
  "Leo", "Layla", "Gabriel", "Riley", "Caleb", "Maya", "Isaac", "Priya", "Hiro", "Aisha", "Diego", "Fatima",
  "Kwame", "Mei", "Tomás", "Ingrid", "Rafael", "Anika", "Jamal", "Sofia", "Omar", "Freya", "Arjun", "Camille",
  "Noor",
];

export const LAST_NAMES = [
  "Johnson", "Martinez", "Nguyen", "Patel", "Kim", "Anderson", "Thompson", "Garcia", "Okafor", "Rossi",
  "Schmidt", "Lee", "Walker", "Hughes", "Bennett", "Murphy", "Rivera", "Cohen", "Silva", "Novak", "Brooks",
  "Fischer", "Tanaka", "Hassan", "O'Brien", "Kowalski", "Dubois", "Lindqvist", "Mensah", "Chen", "Park",
  "Sullivan", "Morales", "Carter", "Reid", "Jensen", "Costa", "Ahmed", "Fraser", "Yamamoto", "Campbell",
  "Ortiz", "Foster", "Price", "Nakamura", "Gallagher", "Iyer", "Bauer", "Moreau", "Svensson",
];

export const EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com"];

export const STREETS = [
  "Maple Street", "Cedar Avenue", "Oak Lane", "Pine Ridge Road", "Willow Court", "Lakeview Drive", "Elm Street",
  "Birch Way", "Summit Avenue", "Riverside Drive", "Hillcrest Road", "Aspen Circle", "Juniper Street",
  "Harbor View Road", "Forest Park Blvd",
];

export interface DemoCity {
  city: string;
  province: string;
  provinceCode: string;
  country: string;
  countryCode: string;
  /** Postal code builder input: a fixed prefix the seed pads with digits. */
  zip: string;
  /** Sales tax applied to the subtotal (fraction). */
  taxRate: number;
  areaCode: string;
  /** Relative number of customers. */
  weight: number;
}

export const CITIES: DemoCity[] = [
  { city: "Portland", province: "Oregon", provinceCode: "OR", country: "United States", countryCode: "US", zip: "972", taxRate: 0, areaCode: "503", weight: 8 },
  { city: "Seattle", province: "Washington", provinceCode: "WA", country: "United States", countryCode: "US", zip: "981", taxRate: 0.1025, areaCode: "206", weight: 8 },
  { city: "Denver", province: "Colorado", provinceCode: "CO", country: "United States", countryCode: "US", zip: "802", taxRate: 0.0881, areaCode: "303", weight: 7 },
  { city: "Boulder", province: "Colorado", provinceCode: "CO", country: "United States", countryCode: "US", zip: "803", taxRate: 0.0885, areaCode: "720", weight: 3 },
  { city: "Salt Lake City", province: "Utah", provinceCode: "UT", country: "United States", countryCode: "US", zip: "841", taxRate: 0.0775, areaCode: "801", weight: 4 },
  { city: "San Francisco", province: "California", provinceCode: "CA", country: "United States", countryCode: "US", zip: "941", taxRate: 0.08625, areaCode: "415", weight: 6 },
  { city: "Los Angeles", province: "California", provinceCode: "CA", country: "United States", countryCode: "US", zip: "900", taxRate: 0.095, areaCode: "213", weight: 5 },
  { city: "San Diego", province: "California", provinceCode: "CA", country: "United States", countryCode: "US", zip: "921", taxRate: 0.0775, areaCode: "619", weight: 3 },
  { city: "Austin", province: "Texas", provinceCode: "TX", country: "United States", countryCode: "US", zip: "787", taxRate: 0.0825, areaCode: "512", weight: 5 },
  { city: "Chicago", province: "Illinois", provinceCode: "IL", country: "United States", countryCode: "US", zip: "606", taxRate: 0.1025, areaCode: "312", weight: 5 },
  { city: "Minneapolis", province: "Minnesota", provinceCode: "MN", country: "United States", countryCode: "US", zip: "554", taxRate: 0.08025, areaCode: "612", weight: 4 },
  { city: "New York", province: "New York", provinceCode: "NY", country: "United States", countryCode: "US", zip: "100", taxRate: 0.08875, areaCode: "212", weight: 7 },
  { city: "Brooklyn", province: "New York", provinceCode: "NY", country: "United States", countryCode: "US", zip: "112", taxRate: 0.08875, areaCode: "718", weight: 4 },
  { city: "Boston", province: "Massachusetts", provinceCode: "MA", country: "United States", countryCode: "US", zip: "021", taxRate: 0.0625, areaCode: "617", weight: 5 },
  { city: "Burlington", province: "Vermont", provinceCode: "VT", country: "United States", countryCode: "US", zip: "054", taxRate: 0.07, areaCode: "802", weight: 3 },
  { city: "Portland", province: "Maine", provinceCode: "ME", country: "United States", countryCode: "US", zip: "041", taxRate: 0.055, areaCode: "207", weight: 2 },
  { city: "Asheville", province: "North Carolina", provinceCode: "NC", country: "United States", countryCode: "US", zip: "288", taxRate: 0.07, areaCode: "828", weight: 3 },
  { city: "Atlanta", province: "Georgia", provinceCode: "GA", country: "United States", countryCode: "US", zip: "303", taxRate: 0.089, areaCode: "404", weight: 3 },
  { city: "Philadelphia", province: "Pennsylvania", provinceCode: "PA", country: "United States", countryCode: "US", zip: "191", taxRate: 0.08, areaCode: "215", weight: 3 },
  { city: "Madison", province: "Wisconsin", provinceCode: "WI", country: "United States", countryCode: "US", zip: "537", taxRate: 0.055, areaCode: "608", weight: 2 },
  { city: "Bozeman", province: "Montana", provinceCode: "MT", country: "United States", countryCode: "US", zip: "597", taxRate: 0, areaCode: "406", weight: 2 },
  { city: "Anchorage", province: "Alaska", provinceCode: "AK", country: "United States", countryCode: "US", zip: "995", taxRate: 0, areaCode: "907", weight: 1 },
  { city: "Phoenix", province: "Arizona", provinceCode: "AZ", country: "United States", countryCode: "US", zip: "850", taxRate: 0.086, areaCode: "602", weight: 2 },
  { city: "Bend", province: "Oregon", provinceCode: "OR", country: "United States", countryCode: "US", zip: "977", taxRate: 0, areaCode: "541", weight: 3 },
  { city: "Toronto", province: "Ontario", provinceCode: "ON", country: "Canada", countryCode: "CA", zip: "M5V", taxRate: 0.13, areaCode: "416", weight: 3 },
  { city: "Vancouver", province: "British Columbia", provinceCode: "BC", country: "Canada", countryCode: "CA", zip: "V6B", taxRate: 0.12, areaCode: "604", weight: 3 },
  { city: "Calgary", province: "Alberta", provinceCode: "AB", country: "Canada", countryCode: "CA", zip: "T2P", taxRate: 0.05, areaCode: "403", weight: 2 },
  { city: "Montréal", province: "Quebec", provinceCode: "QC", country: "Canada", countryCode: "CA", zip: "H2X", taxRate: 0.14975, areaCode: "514", weight: 1 },
  { city: "London", province: "England", provinceCode: "ENG", country: "United Kingdom", countryCode: "GB", zip: "SW1A", taxRate: 0.2, areaCode: "20", weight: 1 },
  { city: "Berlin", province: "Berlin", provinceCode: "BE", country: "Germany", countryCode: "DE", zip: "101", taxRate: 0.19, areaCode: "30", weight: 1 },
];

// ───────────────────────────── Carriers ─────────────────────────────

export type CarrierName = "UPS" | "USPS" | "FedEx" | "DHL Express" | "Canada Post";

export interface CarrierInfo {
  name: CarrierName;
  /** Days from pickup to delivery [min, max]. */
  transitDays: [number, number];
  hubs: { city: string; province: string; country: string }[];
  trackingUrl: (number: string) => string;
}

export const ORIGIN = { city: "Portland", province: "OR", country: "US" };

export const CARRIERS: Record<CarrierName, CarrierInfo> = {
  UPS: {
    name: "UPS",
    transitDays: [2, 5],
    hubs: [
      { city: "Louisville", province: "KY", country: "US" },
      { city: "Hodgkins", province: "IL", country: "US" },
      { city: "Salt Lake City", province: "UT", country: "US" },
    ],
    trackingUrl: (n) => `https://www.ups.com/track?loc=en_US&tracknum=${n}`,
  },
  USPS: {
    name: "USPS",
    transitDays: [3, 6],
    hubs: [
      { city: "Portland", province: "OR", country: "US" },
      { city: "Denver", province: "CO", country: "US" },
      { city: "Chicago", province: "IL", country: "US" },
    ],
    trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  },
  FedEx: {
    name: "FedEx",
    transitDays: [2, 4],
    hubs: [
      { city: "Memphis", province: "TN", country: "US" },
      { city: "Indianapolis", province: "IN", country: "US" },
      { city: "Oakland", province: "CA", country: "US" },
    ],
    trackingUrl: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  },
  "DHL Express": {
    name: "DHL Express",
    transitDays: [3, 6],
    hubs: [
      { city: "Cincinnati", province: "OH", country: "US" },
      { city: "Leipzig", province: "SN", country: "DE" },
      { city: "East Midlands", province: "ENG", country: "GB" },
    ],
    trackingUrl: (n) => `https://www.dhl.com/us-en/home/tracking/tracking-express.html?submit=1&tracking-id=${n}`,
  },
  "Canada Post": {
    name: "Canada Post",
    transitDays: [4, 8],
    hubs: [
      { city: "Richmond", province: "BC", country: "CA" },
      { city: "Mississauga", province: "ON", country: "CA" },
    ],
    trackingUrl: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${n}`,
  },
};

export const DELAY_REASONS = [
  "Weather delay: severe weather in the area",
  "Delay due to high package volume",
  "Mechanical delay: the package will move on the next available trip",
  "Routing error at the carrier facility: package rerouted",
];

export const ATTEMPT_REASONS = [
  "Delivery attempted: no one available to sign",
  "Delivery attempted: no secure location available",
  "Delivery attempted: business closed",
];

export const DELIVERED_MESSAGES = [
  "Delivered, front door",
  "Delivered, left at porch",
  "Delivered to mailroom",
  "Delivered, handed to resident",
  "Delivered to parcel locker",
];

export const FAILURE_MESSAGE = "Address could not be verified: package is being returned to sender";

// ───────────────────────────── Returns and refunds ─────────────────────────────

export const RETURN_REASONS_WITH_NOTES: { reason: string; notes: string[] }[] = [
  { reason: "SIZE_TOO_SMALL", notes: ["Runs small, tight across the shoulders.", "Too snug in the waist, could I get one size up?"] },
  { reason: "SIZE_TOO_LARGE", notes: ["Sleeves are way too long for me.", "Much roomier than the size chart suggested."] },
  { reason: "COLOR", notes: ["The colour looks a lot darker than on the website."] },
  { reason: "UNWANTED", notes: ["Changed my mind, sorry!", "Bought two by mistake."] },
  { reason: "NOT_AS_DESCRIBED", notes: ["Not as warm as described for winter hiking."] },
  { reason: "DEFECTIVE", notes: ["The zipper pull came off on the second wear.", "Seam on the left shoulder is coming apart."] },
];

export const RETURN_POLICY = {
  windowDays: 30,
  windowStartsAt: "DELIVERY",
  excludedTags: ["final-sale"],
  excludedProductTypes: ["Gift Card", "Underwear"],
  reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "COLOR", "STYLE", "UNWANTED", "NOT_AS_DESCRIBED", "WRONG_ITEM", "DEFECTIVE", "OTHER"],
  restockingFeePercent: "5.00",
  returnShippingFee: "6.95",
  autoApprove: { enabled: true, reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "COLOR", "STYLE"], maxOrderTotal: "300.00" },
  instructions:
    "Pack the items unworn with their tags attached, print the prepaid label we email you and drop the parcel at any UPS location within 14 days. Refunds go back to the original payment method within 5 business days of the parcel reaching our warehouse. A 5% restocking fee and the $6.95 label cost are deducted unless the item is defective or we sent the wrong one.",
};

// ───────────────────────────── Macros ─────────────────────────────

export const MACROS: { name: string; topic: CaseTopic | null; usageCount: number; body: string }[] = [
  {
    name: "Where is my order: on its way",
    topic: "WHERE_IS_MY_ORDER",
    usageCount: 142,
    body: "Hi {{customer.first_name}},\n\nThanks for checking in! Your order {{order.name}} is currently: {{order.status}}. You can follow it step by step here: {{order.tracking_url}}\n\nCarriers usually update tracking once or twice a day, so don't worry if it stays on the same step for a few hours. If anything looks stuck, just reply to this email and we'll chase it for you.\n\nThe Northwind Outfitters team",
  },
  {
    name: "Carrier delay: apology",
    topic: "WHERE_IS_MY_ORDER",
    usageCount: 37,
    body: "Hi {{customer.first_name}},\n\nI'm sorry your order {{order.name}} is running late. The carrier has reported a delay on their side ({{order.status}}); you can see their latest scans here: {{order.tracking_url}}\n\nWe're keeping an eye on it. If it hasn't moved within 3 business days, we'll send a replacement by express shipping at no cost to you.\n\nThe Northwind Outfitters team",
  },
  {
    name: "Return instructions",
    topic: "RETURN",
    usageCount: 88,
    body: "Hi {{customer.first_name}},\n\nNo problem at all. You can start a return for {{order.name}} from the order status page, or just reply with the items and the reason, and we'll set it up for you.\n\nItems must be unworn with tags attached and sent back within 30 days of delivery. Final-sale items can't be returned.\n\nThe Northwind Outfitters team",
  },
  {
    name: "Return status update",
    topic: "RETURN",
    usageCount: 41,
    body: "Hi {{customer.first_name}},\n\nQuick update on your return for {{order.name}}: its status is {{return.status}}. As soon as the parcel reaches our warehouse we inspect it and issue your refund, usually within 2 business days.\n\nThe Northwind Outfitters team",
  },
  {
    name: "Refund timing",
    topic: "REFUND",
    usageCount: 63,
    body: "Hi {{customer.first_name}},\n\nYour refund for {{order.name}} has been issued from our side. Banks and card issuers usually take 5–10 business days to show it on your statement; it will appear as a credit from NORTHWIND OUTFITTERS.\n\nIf you don't see it after 10 business days, reply here and we'll send you the refund reference so your bank can trace it.\n\nThe Northwind Outfitters team",
  },
  {
    name: "Cancellation: already shipped",
    topic: "CANCEL",
    usageCount: 19,
    body: "Hi {{customer.first_name}},\n\nI'm sorry, {{order.name}} has already left our warehouse ({{order.status}}), so we can't cancel it any more. Once it arrives you can return it for a full refund of the items within 30 days: just reply to this email and we'll send you a prepaid label.\n\nTracking: {{order.tracking_url}}\n\nThe Northwind Outfitters team",
  },
  {
    name: "Damaged item: ask for photos",
    topic: "DAMAGED_OR_WRONG",
    usageCount: 24,
    body: "Hi {{customer.first_name}},\n\nI'm so sorry {{order.name}} didn't arrive in perfect shape. Could you reply with a photo of the item and one of the outer box? As soon as we have them we'll send a replacement or a refund, whichever you prefer. No need to send anything back.\n\nThe Northwind Outfitters team",
  },
  {
    name: "Sizing help",
    topic: "PRODUCT_QUESTION",
    usageCount: 31,
    body: "Hi {{customer.first_name}},\n\nHappy to help with sizing! Our jackets and fleece are cut for layering, so most people take their usual size; if you're between sizes and plan to wear it over a thin layer only, size down. Our size guide has chest and sleeve measurements for every style: https://northwind-outfitters.example/pages/size-guide\n\nThe Northwind Outfitters team",
  },
];

// ───────────────────────────── Help centre ─────────────────────────────

export const HELP_ARTICLES: { slug: string; title: string; topic: CaseTopic | null; published: boolean; body: string }[] = [
  {
    slug: "shipping-times",
    title: "How long does shipping take?",
    topic: "WHERE_IS_MY_ORDER",
    published: true,
    body: `We pack orders at our warehouse in Portland, Oregon, Monday to Friday. Orders placed before 1 pm Pacific usually leave the same day; later orders leave the next business day.

## Delivery times after your order ships
- **Standard (US):** 3–6 business days with USPS or UPS. Free on orders over $99, otherwise $7.95.
- **Expedited (US):** 2 business days with FedEx, $14.95.
- **Canada:** 4–8 business days with Canada Post or UPS, $14.95. Duties and taxes are included at checkout.
- **International:** 3–6 business days with DHL Express, $29.95.

During sales and in December, allow one or two extra days for packing. Carriers don't deliver on public holidays.`,
  },
  {
    slug: "track-your-order",
    title: "Tracking your order",
    topic: "WHERE_IS_MY_ORDER",
    published: true,
    body: `As soon as your order ships we email you a tracking link. You can also look your order up at any time: open **Track my order** at the bottom of our site and enter your order number (for example #1042) and the email you ordered with.

## What the tracking steps mean
- **Label created:** we've packed your order and the carrier will pick it up today or tomorrow.
- **In transit:** the parcel is moving between carrier facilities. It can stay on this step for a day or two without new scans; that's normal.
- **Out for delivery:** it's on the van and should arrive today.
- **Delayed:** the carrier has reported a problem (weather, volume). The new estimate appears as soon as they share it.
- **Delivered:** the carrier has left the parcel. If you can't find it, check around your door and with neighbours, and give it until the end of the next day: carriers sometimes scan parcels as delivered a little early.

Still stuck? Reply to your shipping email and we'll chase the carrier for you.`,
  },
  {
    slug: "returns",
    title: "Our return policy",
    topic: "RETURN",
    published: true,
    body: `You can return unworn items with their tags attached within **30 days of delivery**.

## How to start a return
1. Open **Track my order**, enter your order number and email, and choose **Start a return**.
2. Select the items and tell us why you're returning them.
3. Once approved (size and colour returns are approved instantly), we email you a prepaid UPS label.
4. Drop the parcel at any UPS location within 14 days.

## What can't be returned
Items marked **Final Sale**, gift cards and underwear can't be returned.

## Fees
A 5% restocking fee and the $6.95 return label are deducted from your refund. Both are waived when an item is defective or we sent you the wrong one.`,
  },
  {
    slug: "refunds",
    title: "When will I get my refund?",
    topic: "REFUND",
    published: true,
    body: `We refund your original payment method as soon as your return reaches our warehouse and passes a quick check, usually within 2 business days of delivery to us. You'll get an email the moment the refund is issued.

Banks then take **5–10 business days** to show it on your statement. Shop Pay and PayPal refunds are usually faster (1–3 days).

Refunds cover the items you returned. Original shipping isn't refunded, except when the item was defective or we made a mistake. If you paid with a gift card, that part comes back to the gift card.`,
  },
  {
    slug: "exchanges",
    title: "Exchanging for another size or colour",
    topic: "RETURN",
    published: true,
    body: `The fastest way to get a different size or colour is to place a new order for the one you want and return the original for a refund. That way the new item ships right away instead of waiting for your return to reach us.

If you'd rather do a direct exchange, start a return, choose **Size too small**, **Size too large** or **Colour**, and mention the size or colour you want in the note. We ship the replacement as soon as the carrier scans your return parcel, with no restocking fee on exchanges.`,
  },
  {
    slug: "size-guide",
    title: "Size guide and fit",
    topic: "PRODUCT_QUESTION",
    published: true,
    body: `Our tops and jackets are cut with room for layering.

| Size | Chest (in) | Waist (in) | Sleeve (in) |
|------|-----------|-----------|-------------|
| XS | 33–35 | 27–29 | 32 |
| S | 35–37 | 29–31 | 33 |
| M | 38–40 | 32–34 | 34 |
| L | 41–43 | 35–37 | 35 |
| XL | 44–46 | 38–40 | 36 |
| XXL | 47–49 | 41–43 | 37 |

- **Shell and down jackets:** true to size with a fleece underneath. Between sizes? Take the larger one.
- **Merino base layers:** close fitting by design. Size up if you prefer a relaxed fit.
- **Hiking pants:** sized by waist in inches, 32" inseam, hem easy to shorten.
- **Footwear:** true to US sizing. Our boots fit a little narrow; wide feet should go half a size up.`,
  },
  {
    slug: "product-care",
    title: "Caring for your gear",
    topic: "PRODUCT_QUESTION",
    published: true,
    body: `## Waterproof shells
Wash on a gentle cycle at 30 °C with a technical wash (no fabric softener), then tumble dry on low for 20 minutes: the heat revives the water-repellent finish. Re-proof with a spray-on treatment when water stops beading.

## Down jackets
Wash alone with a down wash, rinse twice, then tumble dry on low with two clean tennis balls until completely dry (it takes a while: 2–3 hours). Store uncompressed.

## Merino
Cold gentle wash or hand wash, lay flat to dry. Merino resists odour, so airing it out between wears is often enough.

## Enamel mugs
Hand wash. Enamel can chip if dropped; a chip doesn't affect safety, but don't put them on an open flame when empty.`,
  },
  {
    slug: "payment-methods",
    title: "Payment methods and billing",
    topic: "BILLING",
    published: true,
    body: `We accept Visa, Mastercard, American Express, Discover, Shop Pay, Apple Pay, Google Pay and PayPal, as well as Northwind gift cards.

Your card is authorised when you order and charged when the order ships. Sometimes a bank shows both the authorisation and the charge for a few days: the authorisation disappears on its own, you're only charged once.

**Payment pending?** Bank transfers and some wallets take up to 3 business days to confirm. We ship as soon as the payment clears.

Need an invoice with VAT or your company details? Reply to your order confirmation and we'll send one.`,
  },
  {
    slug: "change-or-cancel-an-order",
    title: "Changing or cancelling an order",
    topic: "CANCEL",
    published: true,
    body: `We start packing quickly, so contact us **within 2 hours** of ordering if you need to change the address, swap a size or cancel. Reply to your order confirmation or use the contact form and include your order number.

If the order has already shipped we can't stop it, but you can return it once it arrives (see our return policy). Cancelled orders are refunded in full right away; if your card was only authorised, the hold is released by your bank within a few days.`,
  },
  {
    slug: "holiday-shipping-deadlines",
    title: "Holiday shipping deadlines",
    topic: "WHERE_IS_MY_ORDER",
    published: false,
    body: `Draft: order by December 16 for standard delivery before the holidays, December 19 for expedited. Canada: December 12. International: December 10.`,
  },
];

// ───────────────────────────── Case conversations ─────────────────────────────

/**
 * One line of a demo conversation. Placeholders in {{double braces}} are filled by the seed:
 * first (customer's first name), order ("#1042"), product, variant, carrier, tracking, trackingUrl, eta,
 * originalEta, delayCity, delayReason, city, amount, refundDate, return (return name), staff (staff first name).
 */
export interface ConversationLine {
  from: "customer" | "staff" | "note";
  text: string;
}

/** The customer nudging an unanswered case. */
export const NUDGES = [
  "Hi again, just following up on my message below. Could someone get back to me? Thanks.",
  "Any update on this? I haven't heard back yet.",
  "Sorry to chase, but I'd really appreciate an answer on this one.",
];

export const SIGN_OFF = "\n\n{{staff}}\nNorthwind Outfitters Support";

export interface Conversation {
  subjects: string[];
  lines: ConversationLine[];
}

export const CONVERSATIONS: Record<string, Conversation> = {
  wismo_in_transit: {
    subjects: ["Where is my order {{order}}?", "Order {{order}} not here yet", "Tracking question for {{order}}"],
    lines: [
      { from: "customer", text: "Hi, I ordered the {{product}} last week ({{order}}) and it still hasn't arrived. Can you tell me where it is? I need it for a trip this weekend.\n\nThanks,\n{{first}}" },
      { from: "note", text: "{{carrier}} shows normal progress, last scan in {{lastScanCity}}. Carrier ETA {{eta}}." },
      { from: "staff", text: "Hi {{first}},\n\nThanks for reaching out! Your order {{order}} is on its way with {{carrier}} (tracking {{tracking}}) and they currently expect to deliver it on {{eta}}. You can follow every scan here: {{trackingUrl}}" + SIGN_OFF },
      { from: "customer", text: "Thanks! Is there any way to get it sooner? We leave on Friday morning." },
      { from: "staff", text: "Once a parcel is with {{carrier}} we can't speed it up, I'm afraid, but {{eta}} should get it to you in time. If it slips I'll send a replacement by express so you're not left without it." + SIGN_OFF },
      { from: "customer", text: "Perfect, thank you for the quick help!" },
    ],
  },
  wismo_delayed: {
    subjects: ["Order {{order}} delayed?", "Tracking says delayed: {{order}}", "My package is stuck"],
    lines: [
      { from: "customer", text: "Hello, my order {{order}} was supposed to arrive by {{originalEta}}, but the tracking now just says \"Delayed\". What is going on? This was meant to be a birthday present.\n\n{{first}}" },
      { from: "note", text: "{{carrier}} reports: {{delayReason}} at {{delayCity}}. New ETA {{eta}}. If it slips again, offer an express replacement and refund the shipping." },
      { from: "staff", text: "Hi {{first}},\n\nI'm really sorry about this. {{carrier}} has flagged a delay at their {{delayCity}} facility ({{delayReason}}). They now expect to deliver on {{eta}}. I'll check the tracking again tomorrow and let you know. Tracking link: {{trackingUrl}}" + SIGN_OFF },
      { from: "customer", text: "OK, thanks. If it doesn't show up by then, can you send another one?" },
      { from: "staff", text: "Absolutely. If it hasn't moved by {{eta}} we'll ship a replacement by express at no cost, and you can simply refuse the late parcel." + SIGN_OFF },
    ],
  },
  wismo_attempted: {
    subjects: ["Missed delivery for {{order}}", "Carrier says nobody was home??"],
    lines: [
      { from: "customer", text: "{{carrier}} says they attempted delivery of {{order}} today but I was home all day and nobody knocked. What do I do now? I'd rather not drive to a depot.\n\n{{first}}" },
      { from: "note", text: "{{carrier}}: attempted delivery, redelivery scheduled for the next business day automatically." },
      { from: "staff", text: "Hi {{first}},\n\nSorry about that, it's frustrating. {{carrier}} will automatically try again on the next business day, and you can also pick a time or a pickup point here: {{trackingUrl}}" + SIGN_OFF },
      { from: "customer", text: "I've set it to deliver to the locker down the street. Thanks." },
      { from: "staff", text: "Great, that should do it. The locker will send you a code when the parcel is in." + SIGN_OFF },
    ],
  },
  wismo_failure: {
    subjects: ["Package being returned to sender?! {{order}}", "Urgent: {{order}} returned to sender"],
    lines: [
      { from: "customer", text: "The tracking for {{order}} says the address could not be verified and the parcel is being RETURNED TO SENDER. The address is correct, I've lived here 6 years! Please fix this, I need the boots for next week.\n\n{{first}}" },
      { from: "note", text: "Address on the order is missing the apartment number. Called {{carrier}}: parcel already on its way back, can't be intercepted. Reship with corrected address?" },
      { from: "staff", text: "Hi {{first}},\n\nI'm so sorry. It looks like the apartment number was missing from the shipping address, so {{carrier}} couldn't complete the delivery. Could you confirm your full address including the apartment number? I'll send a new parcel by express today as soon as you reply." + SIGN_OFF },
      { from: "customer", text: "It's apartment 4B. Please send it ASAP." },
      { from: "staff", text: "Done: a replacement is on its way by express and should arrive in 2 business days. I'll email you the new tracking number shortly." + SIGN_OFF },
    ],
  },
  wismo_not_shipped: {
    subjects: ["Order {{order}} still not shipped", "When will {{order}} ship?"],
    lines: [
      { from: "customer", text: "Hi, I placed order {{order}} several days ago and it still says unfulfilled. Has it shipped yet? The website said orders ship within 1–2 days.\n\n{{first}}" },
      { from: "note", text: "{{product}} ({{variant}}) is backordered: restock arriving at the warehouse next week." },
      { from: "staff", text: "Hi {{first}},\n\nThanks for your patience, and sorry for not warning you earlier. The {{product}} in {{variant}} sold out faster than expected and our restock reaches the warehouse next week. We'll ship the moment it arrives. If you'd rather not wait, I can swap it for another colour that's in stock or cancel that item for a full refund. Just let me know." + SIGN_OFF },
      { from: "customer", text: "I'll wait, but please make sure it ships as soon as it's in." },
      { from: "staff", text: "Will do, I've flagged your order so it's the first one packed. You'll get the tracking email the same day." + SIGN_OFF },
    ],
  },
  wismo_delivered_not_received: {
    subjects: ["Says delivered but I don't have it: {{order}}", "Package marked delivered, not received"],
    lines: [
      { from: "customer", text: "Tracking for {{order}} says it was delivered, but there's nothing at my door, in the mailroom or with my neighbours. Can you help?\n\n{{first}}" },
      { from: "note", text: "{{carrier}} delivery scan in {{city}}, no photo. Open a carrier trace; reship if nothing turns up in 48 h." },
      { from: "staff", text: "Hi {{first}},\n\nI'm sorry, that's worrying. Carriers sometimes scan a parcel as delivered a little early, so it's worth waiting until the end of today. Meanwhile I've opened a trace with {{carrier}}. If it hasn't turned up within 48 hours, we'll send a replacement." + SIGN_OFF },
      { from: "customer", text: "Still nothing, unfortunately." },
      { from: "staff", text: "Thanks for checking. {{carrier}} has come back on the trace: the driver left the parcel at the side entrance of your building because the front door was locked. Could you have a look there? If it isn't there, reply and we'll send a replacement right away." + SIGN_OFF },
      { from: "customer", text: "Found it behind the recycling bins! Thanks so much for chasing it." },
    ],
  },
  wismo_past: {
    subjects: ["Where is order {{order}}?", "Has {{order}} shipped?"],
    lines: [
      { from: "customer", text: "Hi there, could you tell me when {{order}} will arrive? The tracking hasn't updated in a couple of days.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nYour parcel is with {{carrier}} (tracking {{tracking}}) and moving normally; it's expected on {{eta}}. Tracking can go quiet between facilities for a day or two. Here's the link: {{trackingUrl}}" + SIGN_OFF },
      { from: "customer", text: "Great, it just arrived. Thanks!" },
      { from: "staff", text: "Wonderful, enjoy your new gear, {{first}}!" + SIGN_OFF },
    ],
  },
  return_how_to: {
    subjects: ["How do I return an item?", "Return for {{order}}"],
    lines: [
      { from: "customer", text: "Hi, the {{product}} from {{order}} is too big for me. How do I return it? Do I have to pay for shipping?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nNo problem! Open Track my order on our site, enter {{order}} and your email, and choose Start a return. Size returns are approved instantly and you'll get a prepaid UPS label by email. The $6.95 label cost and a 5% restocking fee are deducted from the refund, or if you'd like a smaller size instead, we waive the fee for exchanges." + SIGN_OFF },
      { from: "customer", text: "I'd like the exchange for a size smaller then. Should I mention it in the return?" },
      { from: "staff", text: "Yes, just add \"exchange for one size smaller\" in the note and we'll ship it as soon as your return is scanned by UPS." + SIGN_OFF },
      { from: "customer", text: "Done, thanks a lot!" },
    ],
  },
  return_requested: {
    subjects: ["Return request {{return}}", "Exchange instead of return? {{order}}"],
    lines: [
      { from: "customer", text: "I just requested a return for the {{product}} ({{variant}}) on {{order}}: it runs small on me. Could I exchange it for the next size up instead of a refund?\n\n{{first}}" },
      { from: "note", text: "Return {{return}} is waiting for approval. Next size up is in stock." },
      { from: "staff", text: "Hi {{first}},\n\nOf course. I've noted the exchange on your return {{return}}. As soon as we approve it you'll receive a prepaid label, and we'll ship the larger size the moment UPS scans your parcel. No restocking fee on exchanges." + SIGN_OFF },
      { from: "customer", text: "Thanks! Any idea when it will be approved? I haven't received a label yet." },
      { from: "staff", text: "It's approved now, so the label should be in your inbox within a few minutes. Let me know if it doesn't show up." + SIGN_OFF },
    ],
  },
  return_open: {
    subjects: ["Return label for {{order}}", "Where do I send my return?"],
    lines: [
      { from: "customer", text: "My return {{return}} was approved, thanks. Where do I drop the parcel? And do I need to print anything?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nThe prepaid UPS label is attached to your approval email. Print it, stick it on the box (any box works) and drop it at any UPS location within 14 days. We'll refund you within 2 business days of it reaching our warehouse." + SIGN_OFF },
      { from: "customer", text: "I don't have a printer, is that a problem?" },
      { from: "staff", text: "Not at all: UPS stores can print it for you from the QR code in the same email. I'll keep this open until your parcel arrives." + SIGN_OFF },
    ],
  },
  return_declined: {
    subjects: ["Why was my return declined? {{order}}", "Return declined for {{order}}"],
    lines: [
      { from: "customer", text: "I got an email saying my return for {{order}} was declined. Why? The {{product}} doesn't fit.\n\n{{first}}" },
      { from: "note", text: "Declined: {{declineNote}}" },
      { from: "staff", text: "Hi {{first}},\n\nI understand the frustration. The return was declined because {{declineExplanation}} I've passed your feedback on to the team; as a thank-you for your patience, here's a 15% code for your next order: SORRY15." + SIGN_OFF },
      { from: "customer", text: "OK, I understand. Thanks for explaining." },
      { from: "staff", text: "Thanks for understanding, {{first}}. Let us know if there's anything else we can do." + SIGN_OFF },
    ],
  },
  refund_where: {
    subjects: ["Refund not received for {{order}}", "Where is my refund?"],
    lines: [
      { from: "customer", text: "Hi, I was told my refund for {{order}} was processed but I don't see it on my card yet. Can you check?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nI've checked: we issued a refund of {{amount}} on {{refundDate}} to your original payment method. Banks usually take 5–10 business days to show it; it will appear as a credit from NORTHWIND OUTFITTERS." + SIGN_OFF },
      { from: "customer", text: "It's been a week now and still nothing. Do you have a reference I can give my bank?" },
      { from: "staff", text: "Of course: the refund reference is in the refund confirmation email we sent on {{refundDate}}, and I've forwarded it to you again just now. Your bank can trace it with that number." + SIGN_OFF },
      { from: "customer", text: "Found it on my statement today. Thanks!" },
    ],
  },
  refund_return_closed: {
    subjects: ["Did you receive my return? {{order}}", "Return {{return}}: refund?"],
    lines: [
      { from: "customer", text: "Hi, UPS says my return {{return}} was delivered to you. When will I get the refund?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nGood news: we've received it and refunded {{amount}} to your original payment method today. {{feeExplanation}} It can take 5–10 business days to appear." + SIGN_OFF },
      { from: "customer", text: "Great, thanks for the quick turnaround." },
    ],
  },
  cancel_done: {
    subjects: ["Please cancel order {{order}}", "Cancel my order {{order}}"],
    lines: [
      { from: "customer", text: "Hi, I just placed order {{order}} but ordered the wrong size by mistake. Could you please cancel it? I'll reorder the right one.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nDone: {{order}} is cancelled before it shipped. {{cancelRefundText}}" + SIGN_OFF },
      { from: "customer", text: "Thank you, that was fast!" },
    ],
  },
  cancel_too_late: {
    subjects: ["Cancel {{order}}?", "Can I still cancel {{order}}?"],
    lines: [
      { from: "customer", text: "Hello, can I still cancel {{order}}? I found the {{product}} locally.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nI'm sorry, {{order}} has already shipped with {{carrier}}, so we can't stop it any more. Once it arrives you can return it within 30 days for a refund. Just start a return from Track my order, or reply here and I'll set it up for you." + SIGN_OFF },
      { from: "customer", text: "Oh, OK. Would you waive the restocking fee since I asked so soon after ordering?" },
      { from: "staff", text: "Yes, I've noted on your order that the restocking fee is waived. Just start the return when the parcel arrives." + SIGN_OFF },
    ],
  },
  cancel_request_open: {
    subjects: ["URGENT: cancel {{order}}", "Please cancel {{order}} before it ships"],
    lines: [
      { from: "customer", text: "Please cancel {{order}}. I accidentally ordered twice! Please cancel before it ships.\n\n{{first}}" },
      { from: "note", text: "Order not shipped yet. Check with the warehouse before cancelling: pick list goes out at 1 pm PT." },
    ],
  },
  billing_pending: {
    subjects: ["Payment pending on {{order}}", "Why does my order say payment pending?"],
    lines: [
      { from: "customer", text: "My order {{order}} says \"payment pending\". I paid by bank transfer on the same day. Is something wrong?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nNothing's wrong: bank transfers take up to 3 business days to reach us. Your order is reserved and we'll ship it as soon as the payment clears. I'll keep an eye on it and confirm here." + SIGN_OFF },
      { from: "customer", text: "Ok thanks. It's been 3 days now though." },
      { from: "staff", text: "Could you send me the transfer reference from your bank? Then I can ask our payment provider to match it manually." + SIGN_OFF },
    ],
  },
  billing_double_charge: {
    subjects: ["Charged twice for {{order}}!", "Double charge on my card"],
    lines: [
      { from: "customer", text: "I see TWO charges of {{orderTotal}} from Northwind on my card for one order ({{order}}). Please refund the duplicate immediately.\n\n{{first}}" },
      { from: "note", text: "Only one capture in Shopify. The second line is most likely the authorisation hold. Confirm with the payment provider before replying." },
    ],
  },
  billing_discount: {
    subjects: ["Discount code didn't apply on {{order}}", "WELCOME10 not applied"],
    lines: [
      { from: "customer", text: "I used the code from your newsletter at checkout but I don't think the discount was applied to {{order}}. Can you check?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nYou're right: the code didn't apply because of a checkout glitch that day. I've refunded the difference, {{amount}}, to your card. Sorry about that!" + SIGN_OFF },
      { from: "customer", text: "That's great service, thank you." },
    ],
  },
  billing_invoice: {
    subjects: ["Invoice with company details for {{order}}", "Need a VAT invoice"],
    lines: [
      { from: "customer", text: "Hello, could you send me an invoice for {{order}} with our company name on it? It's for our expense report.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nOf course. Which company name and address should appear on the invoice?" + SIGN_OFF },
      { from: "customer", text: "Trailblaze Adventures LLC, 210 Summit Avenue, Denver, CO 80202. Thanks!" },
      { from: "staff", text: "Here you go: the invoice is attached as a PDF. Let me know if you need anything changed." + SIGN_OFF },
    ],
  },
  product_sizing: {
    subjects: ["Sizing question: Ridgeline shell", "Does the Summit Puffer run small?"],
    lines: [
      { from: "customer", text: "Hi! I'm 5'10\" with a 40\" chest and usually wear a medium. Would a medium {{catalogProduct}} fit over a fleece, or should I size up?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nGreat question. With a 40\" chest you're right at the top of our medium, so over a fleece I'd go for a large. The sleeves on the large are 35\", which suits your height well. And if it's not right, exchanges are free." + SIGN_OFF },
      { from: "customer", text: "Perfect, ordering the large. Thanks!" },
    ],
  },
  product_restock: {
    subjects: ["When will the {{catalogProduct}} be back in stock?", "Restock date?"],
    lines: [
      { from: "customer", text: "Hi, the {{catalogProduct}} is sold out in my size (M). Do you know when it will be back?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nWe're expecting the next delivery in about two weeks. I can't promise the exact date yet, but I'll write to you as soon as it's back in stock." + SIGN_OFF },
    ],
  },
  product_care: {
    subjects: ["How do I wash my down jacket?", "Care instructions"],
    lines: [
      { from: "customer", text: "I bought the {{product}} with {{order}}. Can I put it in the washing machine? The label is a bit confusing.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nYes! Use a gentle cycle at 30 °C with a technical or down wash (no softener), then tumble dry on low. For down, add two tennis balls and expect 2–3 hours until it's fully dry. Our care guide has all the details: https://northwind-outfitters.example/pages/product-care" + SIGN_OFF },
      { from: "customer", text: "Super helpful, thank you." },
    ],
  },
  product_waterproof: {
    subjects: ["Is the Sierra daypack waterproof?", "Question about the {{catalogProduct}}"],
    lines: [
      { from: "customer", text: "Is the {{catalogProduct}} waterproof? I'm planning to use it for bike commuting in Seattle.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nThe fabric is water-resistant and the zips are coated, so it handles showers well, but the seams aren't taped. For daily Seattle rain I'd add our rain cover, or keep a dry bag inside for your laptop." + SIGN_OFF },
      { from: "customer", text: "Makes sense. Is there a laptop sleeve inside?" },
      { from: "staff", text: "Yes, there's a padded sleeve that fits laptops up to 15 inches." + SIGN_OFF },
    ],
  },
  damaged: {
    subjects: ["Item arrived damaged: {{order}}", "Broken {{product}}"],
    lines: [
      { from: "customer", text: "Hi, my order {{order}} arrived today and the {{product}} is damaged: one piece is chipped and the box was crushed. Really disappointed as it's a gift.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nI'm so sorry it arrived like that. Could you send a photo of the item and the outer box? As soon as we have them we'll send a replacement or refund, whichever you prefer. No need to return anything." + SIGN_OFF },
      { from: "customer", text: "Photos attached. A refund is fine, I'll buy the gift locally now." },
      { from: "note", text: "Photos confirm transit damage. Refunding the item, no restock. Filed a carrier damage claim." },
      { from: "staff", text: "Thank you, {{first}}. I've refunded {{amount}} for the {{product}} to your original payment method; you'll see it within 5–10 business days. Again, sorry for the hassle." + SIGN_OFF },
      { from: "customer", text: "Thanks for sorting it out so quickly." },
    ],
  },
  wrong_item: {
    subjects: ["Wrong size received: {{order}}", "Wrong item in my package"],
    lines: [
      { from: "customer", text: "I ordered the {{product}} in {{variant}} but the one in the box is a completely different size. Order {{order}}. Can you send the right one?\n\n{{first}}" },
      { from: "note", text: "Picking error at the warehouse? Check the bin for {{variant}}." },
      { from: "staff", text: "Hi {{first}},\n\nI'm sorry, that's our mistake. Would you like us to send the correct {{variant}} by express, or would you prefer a refund? Either way I'll email you a prepaid label for the wrong one, with no fees of course." + SIGN_OFF },
      { from: "customer", text: "Please send the right one. Do I need to wait for the label before sending the other back?" },
      { from: "staff", text: "Yes please, the label links the parcel to your order. The correct size ships today and you'll get the tracking number by email." + SIGN_OFF },
    ],
  },
  missing_item: {
    subjects: ["Missing item from {{order}}", "Only part of my order arrived"],
    lines: [
      { from: "customer", text: "Hi, my package for {{order}} arrived but the {{product}} wasn't in it. Was it forgotten?\n\n{{first}}" },
      { from: "note", text: "Order is partially fulfilled: {{product}} ({{variant}}) is backordered and will ship separately." },
      { from: "staff", text: "Hi {{first}},\n\nNothing's lost: the {{product}} ({{variant}}) is coming in a separate parcel because it was briefly out of stock. We expect to ship it within a few days and you'll get a tracking email. Sorry we didn't make that clearer!" + SIGN_OFF },
      { from: "customer", text: "Ah, okay. Can it still arrive before next weekend?" },
    ],
  },
  account_login: {
    subjects: ["Can't log in to my account", "Login code never arrives"],
    lines: [
      { from: "customer", text: "I'm trying to log in to see my orders but the 6-digit code email never arrives. I've checked spam.\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nSorry about that. Your account is registered under a slightly different address ({{email}}). Could you try that one? Codes expire after 10 minutes, so use the newest one." + SIGN_OFF },
      { from: "customer", text: "That worked! I'd forgotten about that email. Thanks." },
    ],
  },
  account_change_email: {
    subjects: ["Change the email on my account", "Update my email address"],
    lines: [
      { from: "customer", text: "Hi, I'm changing jobs and would like my account to use my personal email instead. Can you update it?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nHappy to. For security, please reply from the current address on your account and tell me the new one." + SIGN_OFF },
      { from: "customer", text: "Replying from the current address: please change it to my personal one, the same name at example.org." },
      { from: "staff", text: "Done, your account now uses the new address. Your order history is unchanged." + SIGN_OFF },
    ],
  },
  account_delete_data: {
    subjects: ["Please delete my data", "Account deletion request"],
    lines: [
      { from: "customer", text: "Please delete my customer account and all personal data you hold about me.\n\n{{first}}" },
      { from: "note", text: "Customer has an order still inside the return window. Confirm whether they want to wait until it closes." },
      { from: "staff", text: "Hi {{first}},\n\nWe'll take care of that. One thing first: once your data is deleted we can't process returns for your recent order. Would you like us to go ahead now, or wait until the return window has closed?" + SIGN_OFF },
    ],
  },
  account_orders_missing: {
    subjects: ["My order doesn't show in my account", "Order history missing {{order}}"],
    lines: [
      { from: "customer", text: "I placed {{order}} but it doesn't show up under my account's order history. Did it go through?\n\n{{first}}" },
      { from: "customer", text: "Also, I got a confirmation email, so I think it went through?" },
      { from: "staff", text: "Hi {{first}},\n\nYes, it went through! It was placed as a guest checkout, so it isn't linked to your account yet. I can link it for you. Can you confirm the email address you use to log in?" + SIGN_OFF },
      { from: "customer", text: "It's the same one I'm writing from." },
    ],
  },
  other_wholesale: {
    subjects: ["Wholesale inquiry", "Stocking Northwind in our shop"],
    lines: [
      { from: "customer", text: "Hello, I run an outdoor shop in Bend, Oregon and I'd love to stock your fleece and merino lines. Do you offer wholesale pricing and what are the minimums?\n\n{{first}}" },
      { from: "note", text: "Forward the wholesale line sheet; Maya handles wholesale accounts." },
      { from: "staff", text: "Hi {{first}},\n\nThanks so much for thinking of us! I've attached our wholesale line sheet. Minimum opening order is $1,500, reorders $500, net-30 terms after the first order. Could you tell me a little about your shop and which styles you're interested in?" + SIGN_OFF },
    ],
  },
  other_address_change: {
    subjects: ["Change shipping address for {{order}}", "Wrong address on {{order}}"],
    lines: [
      { from: "customer", text: "Hi, I just noticed I used my old address for {{order}}. Could you ship it to 85 Riverside Drive, {{city}} instead? It hasn't shipped yet.\n\n{{first}}" },
      { from: "customer", text: "Sorry, I forgot: the zip is the same as before." },
    ],
  },
  other_gift_card: {
    subjects: ["Gift card never received by recipient", "Where is the gift card from {{order}}?"],
    lines: [
      { from: "customer", text: "I bought a Northwind gift card ({{order}}) for my brother but he says he never got the email. Can you resend it?\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nOf course. The gift card was sent to the recipient address you entered at checkout. It has a small typo, so it bounced. I've resent it to your address so you can forward it. The code works right away." + SIGN_OFF },
      { from: "customer", text: "Got it, thank you so much!" },
    ],
  },
  other_compliment: {
    subjects: ["Just wanted to say thanks", "Loved my jacket!"],
    lines: [
      { from: "customer", text: "Just back from a week on the Wonderland Trail and the {{product}} kept me dry through three days of rain. Thanks for making great gear!\n\n{{first}}" },
      { from: "staff", text: "Hi {{first}},\n\nThis made our whole team's day, thank you! Would you mind if we shared your note (first name only) on our blog?" + SIGN_OFF },
      { from: "customer", text: "Sure, go ahead!" },
      { from: "staff", text: "Thank you! Enjoy your next adventure." + SIGN_OFF },
    ],
  },
  other_repair: {
    subjects: ["Zipper broke: do you repair?", "Repair for my old jacket"],
    lines: [
      { from: "customer", text: "Hi, the main zipper on my Ridgeline shell (bought about two years ago) just split. Do you do repairs, or is it covered by a warranty?\n\n{{first}}" },
      { from: "customer", text: "I can send photos if that helps." },
    ],
  },
};

export const SATISFACTION_COMMENTS: { score: number; comment: string | null }[] = [
  { score: 5, comment: "Super fast and friendly, thank you!" },
  { score: 5, comment: null },
  { score: 5, comment: "Solved in one email." },
  { score: 4, comment: "Good help, the carrier was the slow part." },
  { score: 4, comment: null },
  { score: 2, comment: "Took a while to get an answer." },
];
