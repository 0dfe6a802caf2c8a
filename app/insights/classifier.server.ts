import type { CaseTopic, Sentiment } from "../generated/prisma/enums";

/**
 * The local case classifier (issue 8): topic, urgency and sentiment of a customer's first message, from weighted
 * keyword/phrase rules and the linked orders' state. No external service, no I/O: a pure function, so it is fast,
 * explainable (`reasons`) and testable against the labelled set in tests/fixtures/classifier/.
 *
 * How it scores: the text (subject counted a little more than the body) is normalised — quoted reply history and
 * signatures cut, curly quotes straightened, common misspellings and apostrophe-less contractions fixed — then every
 * topic's phrase rules add their weight for each match. A match whose clause says the customer does NOT want it
 * ("I don't want a refund", "rather than a return", "it's not damaged") adds nothing. The order state then adds
 * weight where the text and the state agree (a "not received" message about a delivered order is a delivery
 * problem, a refund question about an order with a return is a refund). The best topic wins; below a minimum score
 * the case is OTHER.
 *
 * Signals (lower_snake, stored on Case.signals):
 * - delivered_not_received  the customer says it never arrived but a fulfillment of the order is delivered (urgent)
 * - not_yet_shipped         asks where the order is while it is still unfulfilled
 * - in_transit              asks where the order is while a shipment is on its way
 * - payment_failed          a payment / card was declined or failed
 * - payment_pending         the order's payment is still pending
 * - double_charge           charged twice (or more) for one order
 * - unauthorized_charge     a charge or purchase the customer did not make (fraud) (urgent)
 * - chargeback_threat       chargeback / dispute with the bank / card issuer, said or threatened (urgent)
 * - legal_threat            lawyer, legal action, court, trading standards, consumer protection, "report you" (urgent)
 * - review_threat           threatens bad public reviews / social media (urgent)
 * - safety_issue            fire, burn, swelling battery, allergic reaction, injury (urgent)
 * - account_compromised     hacked account, unknown login (urgent)
 * - time_critical           says it is urgent, or names a close deadline (wedding, tomorrow, flight) (urgent)
 * - angry                   strongly negative language, shouting, many "!!!" (urgent)
 * - repeat_contact          says they already wrote / got no reply
 * - refund_pending          asks about money back while the order has a return and no refund yet
 */
export type ClassifierSignal =
  | "delivered_not_received"
  | "not_yet_shipped"
  | "in_transit"
  | "payment_failed"
  | "payment_pending"
  | "double_charge"
  | "unauthorized_charge"
  | "chargeback_threat"
  | "legal_threat"
  | "review_threat"
  | "safety_issue"
  | "account_compromised"
  | "time_critical"
  | "angry"
  | "repeat_contact"
  | "refund_pending";

/** Signals that make a case urgent. */
export const URGENT_SIGNALS: readonly ClassifierSignal[] = [
  "delivered_not_received",
  "unauthorized_charge",
  "chargeback_threat",
  "legal_threat",
  "review_threat",
  "safety_issue",
  "account_compromised",
  "time_critical",
  "angry",
];

/** State of the case's linked orders (any of them), as read from the order mirror. */
export interface ClassifierOrderState {
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  /** Any fulfillment delivered. */
  delivered: boolean;
  /** Any shipment on its way (shipped, not delivered). */
  inTransit: boolean;
  cancelled: boolean;
  /** Any refund issued. */
  refunded: boolean;
  hasReturn: boolean;
}

export interface ClassifierInput {
  subject: string | null | undefined;
  body: string | null | undefined;
  order?: ClassifierOrderState | null;
}

export interface Classification {
  topic: CaseTopic;
  /** 0..1: how clearly the winning topic beat the others. */
  confidence: number;
  urgent: boolean;
  sentiment: Sentiment;
  signals: ClassifierSignal[];
  /** Short human-readable explanation (which phrases and states decided it). */
  reasons: string[];
}

type Topic = Exclude<CaseTopic, "OTHER"> | "OTHER";
const TOPICS: Topic[] = [
  "WHERE_IS_MY_ORDER",
  "DAMAGED_OR_WRONG",
  "REFUND",
  "RETURN",
  "CANCEL",
  "BILLING",
  "ACCOUNT",
  "PRODUCT_QUESTION",
  "OTHER",
];

/** Below this score nothing was recognised well enough: OTHER. */
const MIN_SCORE = 1.5;
const SUBJECT_WEIGHT = 1.25;

interface Rule {
  re: RegExp;
  w: number;
  /** Not counted when the clause negates it ("I don't want a refund"). Default true. */
  negatable?: boolean;
  label?: string;
  /** Each different word found counts (a vocabulary), up to 4; else a repeated phrase counts a quarter. */
  distinct?: boolean;
}

const lex = (re: RegExp, w: number): Rule => ({ re, w, distinct: true, negatable: true });
const r = (re: RegExp, w: number, label?: string, negatable = true): Rule => ({ re, w, label, negatable });

// "received / arrived" negated: the thing never came (used for WISMO and the delivered-not-received rule).
// Not when it is the refund, an email or a code that did not come.
const NOT_ARRIVED =
  /(?<!(?:refund|money|reimbursement|credit|email|code|link|confirmation|invoice|points)\b[^.!?\n]{0,25})\b(?:has ?n't|have ?n't|not|never|did ?n't|did not|still not|yet to|nothing has|nothing)\s+(?:yet\s+|even\s+|actually\s+)?(?:arrived?|come(?! through)|came(?! through)|received?|got(?:ten)?(?! a (?:refund|reply|response))|turned up|shown up|showed up|been delivered|delivered|get it|got it|have (?:it|my order|the order|my parcel|my package))\b(?![^.!?\n]{0,25}\b(?:refund|money|reimbursement|credit|email|code|link|confirmation|invoice|reply|response|points)\b)/;
const SAYS_DELIVERED =
  /\b(?:says|say|said|shows?|showing|marked|marked as|status(?: is)?|tracking says|listed as|confirms?)\s+(?:as\s+|it was\s+|it's\s+)?delivered\b|\bdelivered\b[^.!?\n]{0,40}\b(?:but|yet)\b|delivered\.?\s+it (?:was ?n't|was not|never)/;
const NOT_HAVE =
  /\b(?:still\s+)?(?:do ?n't|do not|does ?n't|does not|still don't)\s+have\s+(?:my|the|it|anything)\b|\b(?:none of|nobody|no one|neither)\b[^.!?\n]{0,30}\bha(?:ve|s) (?:it|got it|them)\b|\b(?:have ?n't|has ?n't|have not|has not) got (?:it|my|the|anything)\b|\bnothing (?:at|on|by) (?:my|the) (?:door|doorstep|porch)\b|\bnever got (?:it|my|the|anything)\b|\bit was ?n't\b/;

/**
 * Broad vocabulary of each topic: each word or short phrase found counts a little (the phrase rules below carry
 * the weight). This is what lets a message in words the phrase rules don't know still find its topic.
 */
const LEXICON: Record<Exclude<Topic, "OTHER">, RegExp> = {
  WHERE_IS_MY_ORDER:
    /\b(?:parcel|package|shipment|shipping|shipped|ship|dispatch\w*|deliver\w*|courier|carrier|postal|post office|in the post|tracking|tracked|transit|warehouse|arriv\w+|eta|weeks?|days|yet|still|waiting|wait)\b/,
  RETURN: /\b(?:return\w*|exchange\w*|swap\w*|back|fit|fits|size|sizes|bigger|smaller|unworn|tags|label|drop off|not for me|suit)\b/,
  REFUND: /\b(?:refund\w*|money|reimburs\w+|credit\w*|owed|repaid|back to my (?:card|account)|statement|amount|£\d|\$\d|€\d)\b/,
  CANCEL: /\b(?:cancel\w*|void|stop|withdraw|abort|mistake|accident\w*|changed my mind|no longer|don't want it|duplicate|twice|subscription|plan)\b/,
  BILLING:
    /\b(?:charge\w*|payment\w*|pay|paid|paying|card|cards|invoice\w*|receipt\w*|tax|vat|transaction\w*|bank|checkout|instal\w+|afterpay|klarna|paypal|price|billing|billed|debit\w*|visa|mastercard|amex)\b/,
  PRODUCT_QUESTION:
    /\b(?:size|sizes|sizing|fit|material|fabric|colou?rs?|stock|smell|scent|firm|soft|feel|texture|strong|cover|covers|weight|heavy|light|safe|suitable|recommend|compatible|durable|quality|ingredients?|how many|how much|which|does it|is it|are they|do you (?:sell|make|have|stock|do|offer))\b/,
  DAMAGED_OR_WRONG:
    /\b(?:broken|broke|break|damage\w*|crack\w*|smash\w*|snapped|faulty|defect\w*|wrong|missing|short|incorrect|different|instead|ruin\w*|dent\w*|scratch\w*|tear|torn|leak\w*|stain\w*|spill\w*|stopped|working|works|replacement|replace|label says)\b/,
  ACCOUNT:
    /\b(?:account|login|log in|logged|sign in|signed|password|email address|profile|sms|newsletter|unsubscribe|marketing|points|reward\w*|voucher|app|username|verify|verification)\b/,
};

const RULES: Record<Exclude<Topic, "OTHER">, Rule[]> = {
  WHERE_IS_MY_ORDER: [
    r(/\bwhere(?:'s| is| are)?\s+(?:is\s+)?(?:my|the|our)\s+(?:order|parcel|package|stuff|shipment|delivery|items?|things|gift)\b/, 4, "where is my order"),
    r(/\bwhere(?:'s| is) it\b/, 2),
    r(NOT_ARRIVED, 3.5, "not arrived / not received"),
    r(/\bnever (?:arrived|came|got here|turned up)\b/, 1),
    r(/\btracking\b/, 1.5, "tracking"),
    r(/\btrack(?:ing)? (?:number|link|info|information|page|code)\b/, 1.5),
    r(/\b(?:has|have|had|is|was) (?:it|my order|the order|this|they)?\s*(?:been |actually been )?(?:shipped|dispatched|sent out|posted|sent)\b/, 2.5, "has it shipped"),
    r(/\bwhen (?:will|are|is|do|does|can)\b[^.?!\n]{0,40}\b(?:ship|shipped|dispatch|dispatched|send|sent|arrive|delivered|get here|be here|receive)\b/, 3, "when will it ship / arrive"),
    r(/\b(?:shipping|shipment|dispatch|delivery|tracking) (?:confirmation|status|update|date|estimate|time)\b/, 2.5),
    r(/\b(?:order|delivery|shipping|shipment) status\b|\bstatus of (?:my|the) (?:order|shipment|delivery|parcel|package)\b/, 2.5, "order status"),
    r(/\b(?:any )?(?:update|news) on (?:my |the )?(?:order|delivery|parcel|package|shipment)\b/, 2.5),
    r(/\b(?:shipped|dispatched|on (?:the|its) way|sent) yet\b/, 2.5),
    r(/\bon (?:the|its) way(?! back)\b/, 1),
    r(/\b(?:out for delivery|in transit|ready for (?:pick ?up|collection)|pick ?up point|collection point|label (?:created|printed))\b/, 2.5),
    r(/\b(?:lost in (?:the )?(?:post|mail|transit)|is it lost|been lost|lost (?:parcel|package))\b/, 3, "lost parcel"),
    r(/\bstuck (?:in|at)\b|\bcustoms\b/, 2),
    r(/\b(?:delayed|delay|late delivery|running late)\b/, 1.5),
    r(/\b(?:estimated delivery|delivery date|expected delivery|eta)\b/, 2.5),
    r(/\bstill waiting\b|\bstill (?:says|shows|showing) (?:unfulfilled|processing)\b|\bunfulfilled\b/, 1.5),
    r(/\b(?:courier|carrier|postman|royal mail|ups|usps|fedex|dhl|dpd|evri|hermes|canada post|australia post)\b/, 1),
    r(/\b(?:wrong (?:address|house|door)|different (?:city|door|address|house)|delivery photo|left (?:it )?(?:at|with) (?:the )?(?:wrong|a neighbou?r))\b/, 2),
    r(/\b(?:rest of (?:my|the) order|half (?:of )?my order|rest (?:is )?coming|coming separately|other (?:items|parcel) (?:still )?(?:coming|to come))\b/, 3),
    r(/\bpre-?order(?:ed)?\b/, 1),
    r(/\b(?:days|weeks) (?:ago|and)\b[^.!?\n]{0,40}\b(?:nothing|no (?:package|parcel|order|sign))\b|^\s*nothing\.?\s*$/m, 1.5),
    r(/\bexpress\b/, 0.5),
    r(/\b(?:arrive|arrival|turn up|show up|get here|come through)\b/, 1.5, "arrival"),
    r(/\bwill (?:i|we|it|they) (?:still |ever )?(?:get|receive|arrive|come|be delivered)\b/, 2, "will I get it"),
    r(/\b(?:exception|returned to sender|undeliverable|delivery attempt\w*)\b/, 2, "carrier exception"),
    r(/\b(?:no (?:email|news|word|update)s? since|have ?n't heard (?:anything|back)|heard nothing)\b/, 1.5),
    r(SAYS_DELIVERED, 1.5, "tracking says delivered"),
    r(/\bno sign of (?:my|the|it|our)\b|\b(?:left|gone out of|leave) (?:the|your) (?:warehouse|depot)\b|\bgone out\b|\bsent (?:it )?out\b/, 2.5, "no sign of it"),
    r(/\bhow (?:long|many days)\b[^.!?\n]{0,40}\b(?:ship|shipping|delivery|deliver|take|until|get(?:s)? (?:to|here)|arrive)\b/, 2.5, "how long is delivery"),
    r(/\b(?:handed|given|left) (?:it )?(?:to|with) (?:a |my |the )?(?:neighbou?r|reception|concierge|porter|safe place)\b|\bneighbou?rs?\b|\bdriver\b|\bdoorstep\b|\bsafe place\b/, 1.5),
    lex(LEXICON.WHERE_IS_MY_ORDER, 0.75),
  ],
  RETURN: [
    r(/\breturn(?:s|ing|ed)?\b/, 2, "return"),
    r(/\b(?:send|sending|sent|post|posted|posting|ship|mail)\s+(?:it|them|this|these|the \w+|my \w+|\w+)?\s*back\b|\bsend back\b/, 2.5, "send it back"),
    r(/\bexchange(?:d|s)?\b|\bswap(?:ped)?\b/, 3, "exchange"),
    r(/\b(?:return|returns) (?:label|policy|window|page|portal|process|shipping|postage|instructions|address|form|period|deadline)\b/, 1.5),
    r(/\btoo (?:big|small|large|short|long|tight|loose|loud|heavy|bright)\b|\b(?:does ?n't|do ?n't|did ?n't|does not|do not) (?:fit|suit)\b|\bnot (?:for me|right for)\b|\bchanged my mind\b|\bnot what i expected\b|\bdon't like\b/, 1.5, "fit / changed mind"),
    r(/\b(?:unworn|unopened|unused|tags (?:still )?on|still boxed|not (?:been )?used|haven't used|never used|never worn)\b/, 1.5),
    r(/\bdrop(?:-| )?off\b/, 1.5),
    r(/\bstore credit\b/, 1),
    r(/\b(?:bring|take|give|send|post|ship|mail)(?:ing)? (?:\w+ ){0,3}back (?:to|in|for)\b/, 2, "send it back"),
    lex(LEXICON.RETURN, 0.75),
  ],
  REFUND: [
    r(/\brefund(?:s|ed|ing)?\b/, 3, "refund"),
    r(/\b(?:my|the) money\b|\bmoney back\b|\breimburse\w*\b|\bcredit (?:to|back|on) my\b|\bpaid back\b/, 3, "money back"),
    r(/\b(?:please |pls )?refund (?:me|my|it|that|the|this|them)\b|\b(?:want|like|need|request(?:ing)?|get|issue|expect)(?: a| my| the| an?)? (?:full |partial )?refund\b/, 1.5, "refund request"),
    r(/\brefund the difference\b|\bprice (?:drop|dropped|match|adjustment)\b|\b(?:on sale|cheaper) (?:for|now|two days)\b/, 2),
    r(/\bwhere(?:'s| is) (?:my|the) (?:refund|money)\b/, 3),
    r(/\bcompensat\w*\b|\bdeserve\b/, 1.5),
    r(/\b(?:card|bank|paypal) statement\b[^.!?\n]{0,40}\brefund/, 1),
    r(/\b(?:i'm |i am |am )?owed\b|\bowe me\b|\b(?:come|gone) through\b[^.!?\n]{0,20}\b(?:yet|account|card)\b|\bnothing has come through\b/, 2.5, "money owed"),
    r(/\brefund (?:me )?for (?:the|a|one|that)\b|\bkeep(?:ing)? the rest\b/, 1.5),
    lex(LEXICON.REFUND, 0.75),
  ],
  CANCEL: [
    r(/\bcancel(?:l?ation)?\b/, 3, "cancel"),
    r(/\bcancel(?:l?ed|l?ing)\b/, 1.5),
    r(/\b(?:please |pls |to |can i |could you |can you |like to |want to |wish to |need to |still |i'?d like to )cancel\b|\bcancel (?:my|the|this|it|order|one|everything|just|all|and|before|please)\b|\bcancel(?:l)?ation request\b/, 2, "cancel request"),
    r(/\bstop (?:my|the) order\b|\bstop (?:it|the parcel|my order) (?:from )?(?:being )?(?:shipped|sent)\b|\bdo not (?:ship|send)\b|\bdon't (?:ship|send) (?:it|my|the)\b/, 3.5, "stop shipping", false),
    r(/\bremove (?:the |a |an |one )?\w+(?: \w+)? from (?:my|the) order\b/, 3),
    r(/\b(?:ordered|bought|placed)[^.!?\n]{0,30}\b(?:by (?:mistake|accident)|in error|twice)\b|\baccidentally (?:placed|ordered|bought)\b|\b(?:two|duplicate|double) orders?\b|\bwrong (?:variant|one) (?:by mistake)?\b|\bclicked the wrong\b/, 2.5, "ordered by mistake"),
    r(/\bbefore (?:it|they|the order) (?:ship|ships|is sent|are sent|dispatch|goes out|is shipped|leaves)|\bbefore dispatch\b|\bbefore it'?s sent\b/, 2),
    r(/\b(?:end|stop|cancel|pause) (?:my |the )?(?:monthly |weekly |yearly |annual )?(?:\w+ )?(?:subscription|plan|membership|box)\b|\bsubscription box\b|\bdon'?t charge me again\b/, 3, "end subscription"),
    r(/\bvoid (?:this|my|the) order\b|\bvoid it\b|\bwithdraw (?:my|the) order\b|\bstop (?:it|this|the order|my order|the parcel)\b|\b(?:before|so) it (?:goes|go|is sent|gets sent) out\b|\bno longer (?:want|need) (?:it|the order|my order|this order)\b/, 3, "stop the order"),
    lex(LEXICON.CANCEL, 0.75),
  ],
  BILLING: [
    r(/\bcharged (?:me )?(?:twice|two times|three times|3 times|2 times|double|2x|again|more than once)\b|\bdouble[- ]?charged?\b|\b(?:two|2|three|3|duplicate|double|separate) (?:separate )?(?:payments|charges|transactions)\b/, 4, "double charge"),
    r(/\bcharge(?:s|d)?\b/, 1.5, "charge"),
    r(/\bpayment\b|\bpay (?:with|by|in|for)\b|\bpaying\b/, 1.5, "payment"),
    r(/\b(?:card|transaction|payment)s?\b[^.!?\n]{0,30}\b(?:declined|decline|rejected|failed|fails|failing|not go(?:ing)? through|does ?n't go through|won't go through|could not be processed|couldn't be processed|error)\b|\bdeclined\b|\b3-?d ?secure\b|\bpayment (?:error|failed|failure)\b/, 3.5, "payment failed"),
    r(/\b(?:invoice|receipt|vat|sales tax|tax|proforma|pro-forma)\b/, 3, "invoice / receipt / tax"),
    r(/\b(?:paypal|klarna|afterpay|clearpay|apple pay|google pay|instal?ments?|bank transfer|bank details|gift card balance)\b/, 2),
    r(/\bovercharged\b|\bcharged (?:the )?(?:wrong|more|extra)\b|\bwrong (?:price|amount)\b|\b(?:do ?n't|do not) recogni[sz]e\b|\bunrecogni[sz]ed\b|\b(?:did ?n't|did not|never) (?:make|made|authori[sz]e)\b|\bstolen\b|\bfraud\w*\b/, 3, "wrong or unknown charge"),
    r(/\bauthori[sz]ation\b|\bpending (?:charge|payment)\b|\bpayment\b[^.!?\n]{0,20}\bpending\b|\bbilling\b|\bbilled\b|\bcurrency\b|\bforeign transaction\b|\bstatement\b/, 2),
    r(/\b(?:subscription|renewal) (?:charge|renewal|payment)\b|\brenewal\b/, 1.5),
    r(/\bchargeback\b|\bdispute\b/, 2),
    r(/\b(?:paid|charged?|pay) (?:with|on|to|by|from) (?:my|the|a|another|this)\b/, 2, "paid with"),
    r(/\bcards?\b/, 1),
    r(/\bmoney (?:has been |was |got )?(?:taken|deducted|debited|gone)\b|\btaken from my (?:account|card)\b|\b(?:crashed|froze|errored|error) (?:at|during|on) (?:payment|checkout)\b|\bat checkout\b/, 2.5, "money taken"),
    lex(LEXICON.BILLING, 0.75),
  ],
  PRODUCT_QUESTION: [
    r(/\b(?:sizing|size guide|size chart|what size|which size|true to size|run(?:s)? (?:large|small|big)|between (?:a |sizes)|usually a size|would you recommend a)\b/, 3, "sizing"),
    r(/\b(?:material|made of|made from|made in|fabric|leather|cotton|wool)\b/, 1.5),
    r(/\b(?:dimensions?|measurements?|how (?:big|wide|tall|long|heavy)|weight of)\b/, 2),
    r(/\b(?:ingredients?|allerg\w*|vegan|cruelty[- ]free|gluten|coeliac|celiac|nut oils?|non-toxic|toxic|organic)\b/, 2.5, "ingredients / suitability"),
    r(/\b(?:dishwasher|microwave|oven)(?: safe)?\b|\bwashing machine\b|\bdry clean\b|\bcare instructions\b|\bmachine wash\w*\b/, 2.5),
    r(/\bwarranty\b|\bguarantee(?!d)\b/, 2),
    r(/\b(?:compatib\w+|will (?:it|the \w+(?: \w+)?) fit|does (?:it|the \w+(?: \w+)?) (?:fit|come with|include|work with)|come (?:with|assembled))\b/, 2.5),
    r(/\b(?:back in stock|in stock|restock\w*|sold out|available in|availability)\b/, 2.5, "stock"),
    r(/\b(?:batter(?:y|ies)|plug|cable|voltage)\b/, 1),
    r(/\b(?:personali[sz]\w*|engrav\w*|custom print\w*|monogram\w*|gift wrap\w*)\b/, 2.5),
    r(/\b(?:bulk|wholesale pricing|bulk pricing)\b/, 1),
    r(/\b(?:recommend|suggestion for|which (?:one|of your)|difference between|better for|worth the)\b/, 2),
    r(/\b(?:assembl\w*|spare parts?|replacement (?:filters?|parts?|heads?|cartridges?)|refills?)\b/, 2),
    r(/\bhow (?:do i|to|should i|long should i|often should i) (?:use|clean|brew|wash|store|apply)\b|\binstructions\b/, 2),
    r(/\b(?:suitable|safe) for\b/, 2),
    r(/\bbefore i (?:order|buy|purchase)\b|\bthinking (?:of|about) (?:buying|ordering)\b|\bplanning to (?:buy|order)\b/, 2.5),
    r(/\b(?:colou?r|shade)\b[^.!?\n]{0,40}\b(?:in (?:real life|person)|more \w+ or)\b/, 2),
    r(/\b(?:stretch|shrink)\b/, 1.5),
    r(/\b(?:wattage|watts?|bulb|unisex|length|width|height|depth|capacity|volume|weight|inseam|thickness|ml|litres?|liters?|inches|cm|mm)\b/, 1.5, "product details"),
    r(/(?:^|[.!?\n]\s*)(?:is|are|does|do|will|can|could|would) (?:the|this|these|that|your|it|they|you) [^.!?\n]{2,80}\?/, 1.5, "question about the product"),
    r(/(?:^|[.!?\n]\s*)what(?:'s| is| are)? (?:the )?(?:size|colou?r|material|length|fabric|difference|weight|capacity|scent|flavou?r)s?\b/, 2),
    r(/\b\w+ or \w+\?/, 1),
    r(/(?:^|[.!?\n]\s*)(?:what|how|which|do you|does (?:it|the|this|one)|is it|are they)\b[^.!?\n]{2,80}\?/, 1, "question"),
    lex(LEXICON.PRODUCT_QUESTION, 0.75),
  ],
  DAMAGED_OR_WRONG: [
    r(/\b(?:broken|broke|smashed|shattered|cracked|crack|chipped|dented|damaged?|ruined|in pieces|crushed|scratch(?:ed|es)?|torn|ripped|leak(?:ed|ing|s)?|stain(?:s|ed)?|dirty|swollen)\b/, 3, "damaged"),
    r(/\b(?:arrived|came|delivered|received it|opened (?:it|the \w+))\b[^.!?\n]{0,20}\b(?:broken|smashed|shattered|cracked|damaged|in pieces|dented|chipped|torn|wet|open|crushed)\b/, 2, "arrived damaged"),
    r(/\b(?:defect(?:ive)?|faulty|fault|manufacturing defect|poor quality|came undone|fell apart|hole in)\b/, 3, "defective"),
    r(/\b(?:stopped working|does ?n't work|does not work|do ?n't work|not working|wo ?n't (?:pair|turn on|charge|work|heat|switch on)|does ?n't (?:heat|charge|turn on|switch on)|wo ?n't even)\b/, 3, "does not work"),
    r(/\bwrong (?:item|items|colou?r|size|flavou?r|book|product|order|design|model|thing|one)\b(?! (?:by mistake|ordered))/, 3, "wrong item"),
    r(/\b(?:got|received|sent me|came with|inside (?:was|were))\b[^.!?\n]{0,40}\b(?:instead of|wrong|different|someone else'?s)\b|\b(?:ordered|wanted) [^.!?\n]{1,30}(?:got|received|came)\b/, 3, "received something else"),
    r(/\binstead of\b/, 1),
    r(/\b(?:mix ?up|mixed up|someone else'?s (?:order|parcel)|not what (?:i|was) (?:ordered|pictured)|completely different|totally different|different design|different (?:item|product))\b/, 3),
    r(/\bmissing\b|\bonly (?:received|got|came with|\d+|one) (?:\w+ )?(?:of|out of)\b|\bcame without\b|\bwithout the\b/, 3, "missing item"),
    r(/(?<!(?:label|link|code|card|voucher|discount|token|session|offer)\b[^.!?\n]{0,30})\bexpired\b/, 2.5),
    r(/\b(?:replacement|replace it|new one|send (?:a |me a )?(?:new|replacement|the (?:right|correct)))\b/, 1.5, "replacement"),
    r(/\b(?:the )?(?:box|package|parcel|packaging|bag|seal|cap|lid) (?:was |were )?(?:wet|crushed|torn|ripped|open|broken|loose|damaged)\b/, 2),
    r(/\bcaught fire\b|\bfire hazard\b|\bgot very hot\b|\boverheat\w*\b/, 3, "safety"),
    r(/\bpacking slip\b/, 1),
    r(/\b(?:does ?n't|do ?n't|wo ?n't|does not|will not|can't|cannot) (?:close|shut|seal|lock|zip|stay (?:on|up|closed)|stick|hold|match|light up|fit together|line up)\b/, 2.5, "does not work"),
    r(/\b(?:two left|two right|mismatched|odd (?:pair|shoes|socks)|do ?n't match|does ?n't match|different sizes? in)\b/, 3, "wrong item"),
    r(/\b(?:wobbly|wobbles|uneven|bent|warped|peeling|fading|faded|frayed|loose)\b/, 2, "defective"),
    r(/\b(?:is ?n't|is not|was ?n't|not) what i (?:ordered|paid for|wanted|asked for|chose)\b|\blabel says\b[^.!?\n]{0,40}\b(?:i need|i ordered|ordered)\b|\bi (?:ordered|chose|picked) (?:the |a |an )?[^.!?\n]{1,40}\b(?:label says|it says|but (?:got|received|it's|it is))\b/, 3, "wrong item"),
    r(/\b\d+ (?:\w+ )?short\b|\bshort (?:on|of) (?:pieces|parts|items|screws)\b|\b(?:pieces|parts|screws|items) (?:are )?missing\b/, 3, "missing item"),
    r(/\b(?:snapped|came off|fell off|broke off|popped off|burst|split)\b/, 2.5, "damaged"),
    lex(LEXICON.DAMAGED_OR_WRONG, 0.75),
  ],
  ACCOUNT: [
    r(/\blog ?in\b|\blog(?:ged)? (?:in|into|out)\b|\bsign(?:ed|ing)? (?:in|up|out)\b|\bsignin\b|\bsignup\b/, 3, "log in"),
    r(/\bpassword\b|\breset (?:link|email)\b|\b(?:verification|login|6[- ]digit|one-time) code\b|\blocked(?: out)?\b|\bhacked\b|\bunknown (?:device|login)\b|\bdevice i don'?t recogni[sz]e\b/, 3, "password / access"),
    r(/(?<!(?:bank|paypal|money in|into|to|from|in) (?:my |the )?)\baccounts?\b/, 1.5, "account"),
    r(/\b(?:profile|saved address(?:es)?|default (?:shipping )?address|customer account|my details)\b/, 2),
    r(/\b(?:mailing list|unsubscribe|newsletter|marketing emails?|emails? a day|stop (?:sending|emailing))\b/, 2.5, "mailing list"),
    r(/\bdelete my (?:account|data|details)\b|\bpersonal data\b|\bgdpr\b|\bdata (?:request|subject)\b|\bright to be forgotten\b/, 3, "personal data"),
    r(/\b(?:loyalty|reward) (?:points|programme|program)\b|\b\d+ points\b|\bpoints\b/, 2.5, "loyalty points"),
    r(/\bmerge (?:them|my accounts|the accounts)\b|\btwo accounts\b|\bemail already (?:in use|registered|exists)\b|\bchange (?:my |the )?(?:email|e-mail|name|surname|username)\b/, 3),
    r(/\bkeeps? (?:kicking|logging) me out\b|\bthe app\b/, 1.5),
    r(/\b(?:sms|text messages?|texts|texting me|my (?:phone )?number|marketing|promotional)\b/, 2, "marketing"),
    r(/\b(?:voucher|reward|rewards|birthday (?:discount|reward|voucher)|vip|tier|membership)\b/, 1.5),
    lex(LEXICON.ACCOUNT, 0.75),
  ],
};

/** Not a topic of its own but recognisable: pushes to OTHER rather than a weak guess. */
const OTHER_RULES: Rule[] = [
  r(/\b(?:collab\w*|influencer|content creator|followers|sponsor\w*|partnership|affiliate)\b/, 3, "partnership"),
  r(/\b(?:hiring|job|jobs|vacanc\w+|careers?|work for you)\b/, 3, "jobs"),
  r(/\b(?:stock your (?:brand|products)|retailer|boutique|wholesale (?:terms|enquiry|inquiry|account))\b/, 3, "wholesale"),
  r(/\b(?:donat\w+|raffle|charity|fundrais\w+)\b/, 3, "charity"),
  r(/\b(?:seo|first page of google|marketing services|free audit|web design services)\b/, 3, "spam"),
  r(/\b(?:physical (?:store|shop)|visit (?:in person|your shop|your store)|shop i can visit|showroom)\b/, 3, "store visit"),
  r(/\b(?:opening hours|customer service hours|can i call|phone number|call you)\b/, 3, "contact"),
  r(/\b(?:broken link|404|typo on|website is (?:down|broken)|page (?:link )?(?:is )?broken)\b/, 3, "website"),
  r(/\b(?:just wanted to say|pass on my thanks|pass on my|compliments?|keep up the good work|suggestion)\b/, 2.5, "feedback"),
];

// ───────────────────────────── Sentiment and urgency ─────────────────────────────

const NEGATIVE_STRONG =
  /\b(?:ridiculous|furious|unacceptable|not acceptable|disgusting|disgraceful|appalling|terrible|horrible|awful|worst|scam|scammers?|joke|useless|rubbish|junk|pathetic|outrageous|shocking|incompetent|liars?|fed up|sick of|livid|angry|my foot|wtf|f\*+|fuck\w*|shit\w*|crap)\b/g;
const NEGATIVE_MILD =
  /\b(?:disappointed|disappointing|unhappy|not happy|frustrat\w+|annoy\w+|upset|poor|bad|worried|concerned|no repl(?:y|ies)|nobody|no one|still nothing|again\b(?=[^.!?\n]{0,20}\b(?:broken|smashed|wrong|late))|second time|third time|not good enough|really poor|nothing)\b/g;
const POSITIVE =
  /\b(?:thanks? so much|thank you so much|many thanks|love(?:d|ly)?|great|gorgeous|amazing|awesome|fantastic|wonderful|perfect|beautiful|brilliant|excellent|happy with|so helpful|helpful|delighted|appreciate\w*)\b/g;
const POLITE = /\b(?:thanks?|thank you|cheers|kind regards)\b/g;
const CAPS_OK = new Set([
  "UK", "US", "USA", "EU", "USD", "GBP", "EUR", "CAD", "AUD", "VAT", "GDPR", "USB", "XL", "XXL", "XS", "SKU", "UPS", "USPS", "DHL", "DPD", "FAQ", "PDF", "ASAP", "OK", "ID", "PIN", "LED", "DIY", "RM", "GB", "TV", "PM", "AM", "FW", "RE", "FWD",
]);

const SIGNAL_RULES: { re: RegExp; signal: ClassifierSignal; label: string }[] = [
  {
    re: /\bchargeback\b|\bcharge ?back\b|\bdispute\b[^.!?\n]{0,40}\b(?:bank|card|paypal|credit card|issuer|amex)\b|\b(?:bank|card|paypal|issuer)\b[^.!?\n]{0,30}\bdispute\b|\b(?:going|go|went|contact(?:ing)?|call(?:ing)?) (?:to )?(?:my|the) bank\b|\bopened a (?:dispute|claim)\b|\breverse the (?:charge|payment)\b/,
    signal: "chargeback_threat",
    label: "chargeback / bank dispute",
  },
  {
    re: /\b(?:lawyer|solicitor|attorney|legal action|sue|suing|court|small claims|trading standards|consumer (?:protection|rights|council)|ombudsman|better business bureau|bbb|report (?:you|this|your (?:shop|store|company)))\b/,
    signal: "legal_threat",
    label: "legal threat",
  },
  {
    re: /\b(?:(?:leave|leaving|write|writing|post|posting)\b[^.!?\n]{0,20}\breviews?\b|trustpilot|review (?:everywhere|on)|social media|tell everyone|go public)\b/,
    signal: "review_threat",
    label: "public review threat",
  },
  {
    re: /\b(?:caught fire|on fire|fire hazard|burn(?:t|ed|s)?|smok(?:e|ing)|swollen|overheat\w*|got very hot|electric shock|injur\w+|cut (?:my|his|her)|allergic reaction|hospital after|rash)\b/,
    signal: "safety_issue",
    label: "safety issue",
  },
  {
    re: /\bhacked\b|\b(?:login|log in|sign in) from (?:a )?(?:device|location|place) i (?:don'?t|do not) recogni[sz]e\b|\bdevice i (?:don'?t|do not) recogni[sz]e\b|\bsomeone else (?:using|has access|logged)\b/,
    signal: "account_compromised",
    label: "account compromised",
  },
  {
    re: /\b(?:did ?n't|did not|never) (?:make|made|authori[sz]e|place)d? (?:this|that|the|a|any)? ?(?:purchase|order|payment|charge)\b|\b(?:card|account) (?:has been|was|is) (?:stolen|compromised|used)\b|\bstolen card\b|\bfraud(?:ulent)?\b|\bunauthori[sz]ed\b/,
    signal: "unauthorized_charge",
    label: "charge not made by the customer",
  },
  {
    re: /\burgent(?:ly)?\b|\bemergency\b|\b(?:wedding|funeral|flight|trip|holiday|party|event|birthday)\b[^.!?\n]{0,30}\b(?:tomorrow|tonight|today|this (?:saturday|sunday|monday|tuesday|wednesday|thursday|friday|weekend))\b|\b(?:need|needs|needed) (?:it|this|them|the money|this money)(?: back)? (?:by |before )?(?:tomorrow|tonight|today)\b/,
    signal: "time_critical",
    label: "time critical",
  },
  {
    re: /\b(?:already (?:emailed|wrote|written|contacted|asked|messaged|called)|no repl(?:y|ies)|(?:second|third|\d+(?:st|nd|rd|th)) (?:time|email|message)|(?:emailed|written|wrote|contacted) you (?:\w+ )?(?:times|twice)|asked yesterday|nobody (?:has )?(?:replied|answered|got back))\b/,
    signal: "repeat_contact",
    label: "contacted before",
  },
];

// ───────────────────────────── Text preparation ─────────────────────────────

const MISSPELLINGS: [RegExp, string][] = [
  [/\brec(?:ie|i|ei|iei)ved\b/g, "received"],
  [/\brec(?:ie|i)ve\b/g, "receive"],
  [/\bar+ived\b|\barrivd\b|\barived\b/g, "arrived"],
  [/\barive\b/g, "arrive"],
  [/\bdel(?:ie|i)ve?r(?:e)?d\b|\bdelivred\b|\bdeliverd\b|\bdelieverd\b/g, "delivered"],
  [/\bdel(?:ie|i)v(?:e|a)ry\b|\bdelivary\b|\bdelievery\b/g, "delivery"],
  [/\bre(?:tru|tu|utr)n(s|ed|ing)?\b/g, "return$1"],
  [/\bre(?:found|funf|ufnd|fnud|fun)(s|ed)?\b/g, "refund$1"],
  [/\bcan(?:cle|cell|cl|el)\b/g, "cancel"],
  [/\bcan(?:cl|cel|ce)l?e?d\b/g, "cancelled"],
  [/\bcancelation\b/g, "cancellation"],
  [/\badd?res\b|\badress\b|\baddres\b/g, "address"],
  [/\bpas+wr?o?r?d\b|\bpasword\b|\bpassowrd\b/g, "password"],
  [/\ber+or\b/g, "error"],
  [/\bpaym(?:ne|e)n?t\b/g, "payment"],
  [/\breimbursm[ae]nt\b|\breimbursemnt\b/g, "reimbursement"],
  [/\bdam+ag?e?d\b|\bdamged\b/g, "damaged"],
  [/\bbro(?:c|k)ken\b|\bborken\b/g, "broken"],
  [/\btrack(?:ign|nig|in)\b/g, "tracking"],
  [/\bparcle\b/g, "parcel"],
  [/\bpac?kage\b|\bpakage\b|\bpackege\b/g, "package"],
  [/\bexh?c?hange\b|\bexchnage\b|\bexhange\b/g, "exchange"],
  [/\bac+o?unt\b|\baccout\b/g, "account"],
  [/\bloggin\b/g, "login"],
  [/\bsubscri(?:bt|pt)ion\b/g, "subscription"],
  [/\b(do|does|did|is|was|were|has|have|had|ca|wo|could|should|would|are|ai)nt\b/g, "$1n't"],
  [/\bcan'?t\b/g, "can't"],
  [/\bwon'?t\b/g, "won't"],
  [/\bim\b/g, "i'm"],
  [/\bive\b/g, "i've"],
  [/\bu\b/g, "you"],
  [/\bur\b/g, "your"],
  [/\bpl[sz]\b/g, "please"],
  [/\bthx\b|\bty\b/g, "thanks"],
];

/** Cuts quoted reply history and signatures (the email channel already does; this is the safety net). */
export function stripQuotedAndSignature(body: string): string {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (
      /^-{2,}\s*(?:original message|forwarded message)/i.test(trimmed) ||
      /^on\b.{0,120}\bwrote:$/i.test(trimmed) ||
      /^(?:from|sent|de|von):\s/i.test(trimmed) && kept.length > 0 ||
      /^_{5,}$/.test(trimmed) ||
      /^--\s*$/.test(trimmed) ||
      /^sent from my\b/i.test(trimmed) ||
      /^get outlook for\b/i.test(trimmed)
    ) {
      break;
    }
    if (trimmed.startsWith(">")) continue;
    kept.push(line);
  }
  return kept.join("\n");
}

export function normaliseText(text: string): string {
  let t = text
    .replace(/[\u2018\u2019\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .toLowerCase();
  for (const [re, to] of MISSPELLINGS) t = t.replace(re, to);
  return t.replace(/[ \t]+/g, " ");
}

// A clause that says the customer does NOT want the thing that follows ("I don't want a refund, just…").
const NEGATION_TAIL =
  /(?:\b(?:do ?n't|do not|does ?n't|does not|did ?n't|did not|not|never|no longer|wo ?n't|would ?n't)\s+(?:really\s+|even\s+)?(?:want|need|asking|ask|looking|interested|after|mean|care|bother)\b(?:\s+\S+){0,3}|\bno need (?:for|to)(?:\s+\S+){0,2}|\brather than(?:\s+\S+){0,2}|\binstead of(?:\s+\S+){0,2}|\b(?:it'?s|it is|its|it was|they'?re|they are|nothing is|nothing's)\s+not(?:\s+\S+){0,1}|\b(?:is ?n't|was ?n't|are ?n't|were ?n't)(?:\s+\S+){0,1}|\bnot (?:a|an|about)(?:\s+\S+){0,1}|\bwithout(?:\s+\S+){0,1})\s*$/;

function isNegated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 60), index);
  // Only the clause the match is in: cut at punctuation and at "but"/"just"/"so".
  const clause = before.split(/[.,;:!?\n]|\bbut\b|\bjust\b|\bso\b/).pop() ?? "";
  return NEGATION_TAIL.test(clause);
}

interface Hit {
  topic: Topic;
  weight: number;
  label?: string;
  negated: boolean;
}

const GLOBAL = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  let g = GLOBAL.get(re);
  if (!g) GLOBAL.set(re, (g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g")));
  return g;
}

function scoreRules(text: string, rules: Rule[], topic: Topic, factor: number, hits: Hit[]): number {
  let score = 0;
  for (const rule of rules) {
    const re = globalOf(rule.re);
    let counted = 0;
    const seen = new Set<string>();
    for (const m of text.matchAll(re)) {
      if (rule.distinct) {
        if (seen.has(m[0])) continue;
        seen.add(m[0]);
      }
      const negated = rule.negatable !== false && isNegated(text, m.index ?? 0);
      if (negated) {
        hits.push({ topic, weight: 0, label: rule.label, negated: true });
        continue;
      }
      // A phrase repeated adds a little, not its full weight again.
      const w = rule.w * factor * (counted === 0 || rule.distinct ? 1 : 0.25);
      score += w;
      hits.push({ topic, weight: w, label: rule.label, negated: false });
      if (++counted >= (rule.distinct ? 4 : 3)) break;
    }
  }
  return score;
}

// ───────────────────────────── classify ─────────────────────────────

export function classify(input: ClassifierInput): Classification {
  const rawSubject = (input.subject ?? "").trim();
  const rawBody = stripQuotedAndSignature(input.body ?? "");
  // Reply prefixes carry nothing.
  const subject = normaliseText(rawSubject.replace(/^(?:(?:re|fw|fwd|aw|sv)\s*:\s*)+/i, ""));
  const body = normaliseText(rawBody);
  const all = `${subject}\n${body}`;
  const order = input.order ?? null;

  const scores = Object.fromEntries(TOPICS.map((t) => [t, 0])) as Record<Topic, number>;
  const hits: Hit[] = [];
  const reasons: string[] = [];
  const signals = new Set<ClassifierSignal>();

  for (const topic of Object.keys(RULES) as (keyof typeof RULES)[]) {
    scores[topic] += scoreRules(subject, RULES[topic], topic, SUBJECT_WEIGHT, hits);
    scores[topic] += scoreRules(body, RULES[topic], topic, 1, hits);
  }
  scores.OTHER += scoreRules(subject, OTHER_RULES, "OTHER", SUBJECT_WEIGHT, hits);
  scores.OTHER += scoreRules(body, OTHER_RULES, "OTHER", 1, hits);

  // ── Phrases that are signals on their own.
  for (const rule of SIGNAL_RULES) {
    if (rule.re.test(all)) {
      signals.add(rule.signal);
      reasons.push(`signal ${rule.signal}: ${rule.label}`);
    }
  }
  if (signals.has("chargeback_threat") || signals.has("unauthorized_charge")) scores.BILLING += 1;
  if (signals.has("account_compromised")) scores.ACCOUNT += 2;
  if (/\bcharged (?:me )?(?:twice|two times|three times|3 times|2 times|double|more than once)\b|\bdouble[- ]?charged?\b|\b(?:two|2|three|3|duplicate|double) (?:separate )?(?:payments|charges)\b/.test(all)) {
    signals.add("double_charge");
  }
  if (/\b(?:card|transaction|payment)s?\b[^.!?\n]{0,30}\b(?:declined|rejected|failed|fails|failing|not go(?:ing)? through|does ?n't go through|won't go through|could(?: not|n't) be processed)\b|\bdeclined\b|\bpayment (?:error|failure)\b|\b3-?d ?secure\b/.test(all)) {
    signals.add("payment_failed");
  }

  // ── Order state.
  const notArrived = NOT_ARRIVED.test(all) || NOT_HAVE.test(all);
  const saysDelivered = SAYS_DELIVERED.test(all);
  const moneyTalk = /\b(?:refund\w*|money|reimburs\w+)\b/.test(all);
  if (order) {
    if (order.delivered && (notArrived || saysDelivered) && (notArrived || /\b(?:not|never|nothing|was ?n't|isn't|no)\b/.test(all)) && !moneyTalk) {
      signals.add("delivered_not_received");
      scores.WHERE_IS_MY_ORDER += 4;
      reasons.push("order is delivered but the customer says it did not arrive");
    } else if (!order.delivered && !order.cancelled && scores.WHERE_IS_MY_ORDER > 0) {
      if (order.inTransit) {
        signals.add("in_transit");
        scores.WHERE_IS_MY_ORDER += 1;
        reasons.push("a shipment of the order is in transit");
      } else if (order.fulfillmentStatus === "UNFULFILLED" || order.fulfillmentStatus === null) {
        signals.add("not_yet_shipped");
        scores.WHERE_IS_MY_ORDER += 1;
        reasons.push("the order is not shipped yet");
      }
    }
    if ((order.hasReturn || order.refunded || order.cancelled) && moneyTalk) {
      scores.REFUND += 2;
      reasons.push("order has a return, refund or cancellation and the customer asks about money");
      if (order.hasReturn && !order.refunded) signals.add("refund_pending");
    }
    if (order.financialStatus === "PENDING" && scores.BILLING > 0) {
      signals.add("payment_pending");
      scores.BILLING += 2;
      reasons.push("the order's payment is pending");
    }
    if (!order.delivered && !order.inTransit && !order.cancelled && scores.CANCEL > 0) {
      scores.CANCEL += 1;
      reasons.push("the order is not shipped yet, so it can still be cancelled");
    }
  } else if (saysDelivered && notArrived && !moneyTalk) {
    // No order linked, but the customer says tracking shows it delivered and it is not there.
    signals.add("delivered_not_received");
    scores.WHERE_IS_MY_ORDER += 3;
    reasons.push("tracking says delivered but the customer says it did not arrive");
  }

  // ── Winner.
  const ranked = (TOPICS as Topic[])
    .map((t) => ({ topic: t, score: scores[t] }))
    .sort((a, b) => b.score - a.score || TOPICS.indexOf(a.topic) - TOPICS.indexOf(b.topic));
  let topic: Topic = ranked[0].topic;
  let top = ranked[0].score;
  const second = ranked[1].score;
  if (top < MIN_SCORE) {
    topic = "OTHER";
    top = 0;
    reasons.unshift("no topic recognised clearly");
  }
  const confidence =
    topic === "OTHER" && top === 0
      ? 0.3
      : round2(Math.min(1, 0.5 * ((top - Math.min(second, top)) / top) + 0.5 * Math.min(1, top / 8)));

  const decided = hits.filter((h) => h.topic === topic && !h.negated && h.label);
  const labels = [...new Set(decided.map((h) => h.label!))].slice(0, 4);
  if (labels.length) reasons.unshift(`${topic}: ${labels.join(", ")}`);
  const negated = [...new Set(hits.filter((h) => h.negated).map((h) => h.label ?? h.topic.toLowerCase()))];
  if (negated.length) reasons.push(`not wanted: ${negated.join(", ")}`);

  // ── Sentiment.
  const rawAll = `${rawSubject}\n${rawBody}`;
  const strong = (all.match(NEGATIVE_STRONG) ?? []).length;
  const mild = (all.match(NEGATIVE_MILD) ?? []).length;
  const capsWords = (rawAll.match(/\b[A-Z]{3,}\b/g) ?? []).filter((w) => !CAPS_OK.has(w)).length;
  const shouting = (rawAll.match(/[!?]{3,}|!{2,}/g) ?? []).length;
  let negative = strong * 1.5 + mild * 0.75 + (capsWords >= 2 ? Math.min(3, capsWords * 0.75) : 0) + shouting * 1;
  if (signals.has("chargeback_threat") || signals.has("legal_threat") || signals.has("review_threat")) negative += 1.5;
  if (signals.has("repeat_contact")) negative += 0.5;
  const positive = (all.match(POSITIVE) ?? []).length + 0.5 * (all.match(POLITE) ?? []).length;
  let sentiment: Sentiment = "NEUTRAL";
  if (negative >= 1.5) sentiment = "NEGATIVE";
  else if (positive >= 1 && negative === 0 && topic === "OTHER") sentiment = "POSITIVE";
  else if (positive >= 1.5 && negative === 0) sentiment = "POSITIVE";
  if (negative >= 3) {
    signals.add("angry");
    reasons.push("angry language");
  }

  const signalList = [...signals];
  const urgent = signalList.some((s) => URGENT_SIGNALS.includes(s));
  return { topic, confidence, urgent, sentiment, signals: signalList, reasons };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
