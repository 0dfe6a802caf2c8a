import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classify, stripQuotedAndSignature, type ClassifierOrderState } from "~/insights/classifier.server";

interface Labelled {
  id: string;
  subject: string;
  body: string;
  order?: ClassifierOrderState;
  expected: { topic: string; urgent?: boolean };
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/classifier/labelled-messages.json"), "utf8")) as { messages: Labelled[] };

const ORDER = {
  unfulfilled: { financialStatus: "PAID", fulfillmentStatus: "UNFULFILLED", delivered: false, inTransit: false, cancelled: false, refunded: false, hasReturn: false },
  inTransit: { financialStatus: "PAID", fulfillmentStatus: "FULFILLED", delivered: false, inTransit: true, cancelled: false, refunded: false, hasReturn: false },
  delivered: { financialStatus: "PAID", fulfillmentStatus: "FULFILLED", delivered: true, inTransit: false, cancelled: false, refunded: false, hasReturn: false },
  returned: { financialStatus: "PAID", fulfillmentStatus: "FULFILLED", delivered: true, inTransit: false, cancelled: false, refunded: false, hasReturn: true },
  pending: { financialStatus: "PENDING", fulfillmentStatus: "UNFULFILLED", delivered: false, inTransit: false, cancelled: false, refunded: false, hasReturn: false },
} satisfies Record<string, ClassifierOrderState>;

describe("classifier on the labelled set", () => {
  it("has a varied labelled set covering every topic", () => {
    const ids = new Set(fixture.messages.map((m) => m.id));
    expect(ids.size).toBe(fixture.messages.length);
    expect(fixture.messages.length).toBeGreaterThanOrEqual(220);
    const perTopic = new Map<string, number>();
    for (const m of fixture.messages) perTopic.set(m.expected.topic, (perTopic.get(m.expected.topic) ?? 0) + 1);
    for (const topic of ["WHERE_IS_MY_ORDER", "RETURN", "REFUND", "CANCEL", "BILLING", "PRODUCT_QUESTION", "DAMAGED_OR_WRONG", "ACCOUNT"]) {
      expect(perTopic.get(topic) ?? 0, topic).toBeGreaterThanOrEqual(15);
    }
    expect(perTopic.get("OTHER") ?? 0).toBeGreaterThanOrEqual(10);
  });

  it("classifies at least 85% of the messages right (accuracy printed per topic)", () => {
    const perTopic = new Map<string, { n: number; right: number }>();
    const confusions: string[] = [];
    let right = 0;
    let urgentChecked = 0;
    let urgentRight = 0;
    const urgentMisses: string[] = [];
    for (const m of fixture.messages) {
      const result = classify({ subject: m.subject, body: m.body, order: m.order ?? null });
      const stat = perTopic.get(m.expected.topic) ?? { n: 0, right: 0 };
      stat.n++;
      if (result.topic === m.expected.topic) {
        stat.right++;
        right++;
      } else {
        confusions.push(`${m.id}: expected ${m.expected.topic}, got ${result.topic} (${result.confidence}) — ${m.subject || m.body.slice(0, 50)} [${result.reasons.join("; ")}]`);
      }
      perTopic.set(m.expected.topic, stat);
      if (m.expected.urgent !== undefined) {
        urgentChecked++;
        if (result.urgent === m.expected.urgent) urgentRight++;
        else urgentMisses.push(`${m.id}: expected urgent=${m.expected.urgent}, got ${result.urgent} [${result.signals.join(", ")}]`);
      }
    }
    const accuracy = right / fixture.messages.length;
    const lines = [
      `classifier accuracy: ${(accuracy * 100).toFixed(1)}% (${right}/${fixture.messages.length})`,
      ...[...perTopic.entries()].map(([topic, s]) => `  ${topic.padEnd(18)} ${((s.right / s.n) * 100).toFixed(1).padStart(5)}% (${s.right}/${s.n})`),
      `urgent flag: ${urgentRight}/${urgentChecked} right`,
      "confusions:",
      ...confusions.map((c) => `  ${c}`),
      ...urgentMisses.map((c) => `  ${c}`),
    ];
    console.log(lines.join("\n"));
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
    expect(urgentRight / urgentChecked).toBeGreaterThanOrEqual(0.8);
  });
});

describe("classifier rules", () => {
  it("a 'never arrived' message about a delivered order is a delivery problem, urgent", () => {
    const result = classify({ subject: "Order not received", body: "My order never arrived. Can you check?", order: ORDER.delivered });
    expect(result.topic).toBe("WHERE_IS_MY_ORDER");
    expect(result.signals).toContain("delivered_not_received");
    expect(result.urgent).toBe(true);
  });

  it("the same message about an order still in transit is not flagged delivered_not_received", () => {
    const result = classify({ subject: "Order not received", body: "My order never arrived. Can you check?", order: ORDER.inTransit });
    expect(result.topic).toBe("WHERE_IS_MY_ORDER");
    expect(result.signals).not.toContain("delivered_not_received");
    expect(result.signals).toContain("in_transit");
    expect(result.urgent).toBe(false);
  });

  it("a refund that has not arrived is about the refund, not the parcel", () => {
    const result = classify({ subject: "", body: "I have not received my refund yet.", order: ORDER.returned });
    expect(result.topic).toBe("REFUND");
    expect(result.signals).not.toContain("delivered_not_received");
    expect(result.signals).toContain("refund_pending");
  });

  it("charged twice and declined cards are billing; only failures get payment_failed", () => {
    const twice = classify({ subject: "Charged twice", body: "I was charged twice for one order." });
    expect(twice.topic).toBe("BILLING");
    expect(twice.signals).toContain("double_charge");
    expect(twice.signals).not.toContain("payment_failed");
    const declined = classify({ subject: "Checkout", body: "My card was declined three times, but I have funds." });
    expect(declined.topic).toBe("BILLING");
    expect(declined.signals).toContain("payment_failed");
  });

  it("a pending payment on the order backs billing", () => {
    const result = classify({ subject: "Paid but not confirmed", body: "My payment is showing as pending.", order: ORDER.pending });
    expect(result.topic).toBe("BILLING");
    expect(result.signals).toContain("payment_pending");
  });

  it("chargeback and legal threats are urgent", () => {
    const bank = classify({ subject: "Refund", body: "Refund me or I will open a dispute with my bank." });
    expect(bank.signals).toContain("chargeback_threat");
    expect(bank.urgent).toBe(true);
    const legal = classify({ subject: "Broken heater", body: "The heater is broken. My lawyer will be in touch." });
    expect(legal.signals).toContain("legal_threat");
    expect(legal.urgent).toBe(true);
    expect(legal.topic).toBe("DAMAGED_OR_WRONG");
  });

  it("negation: an unwanted refund does not make it a refund case", () => {
    const result = classify({ subject: "Sandals", body: "I don't want a refund, just an exchange for a bigger size please." });
    expect(result.topic).toBe("RETURN");
    const plain = classify({ subject: "Sandals", body: "I want a refund for the sandals." });
    expect(plain.topic).toBe("REFUND");
  });

  it("negation: 'it's not damaged' is not a damage report", () => {
    const result = classify({ subject: "Lamp", body: "It's not damaged, I just don't like it. Can I send it back?" });
    expect(result.topic).toBe("RETURN");
  });

  it("cancelling: an unshipped order with 'cancel' is a cancellation", () => {
    const result = classify({ subject: "", body: "pls cancle my order", order: ORDER.unfulfilled });
    expect(result.topic).toBe("CANCEL");
  });

  it("tolerates misspellings", () => {
    expect(classify({ subject: "", body: "never recieved my pakage" }).topic).toBe("WHERE_IS_MY_ORDER");
    expect(classify({ subject: "", body: "i want to retrun the shoes" }).topic).toBe("RETURN");
  });

  it("sentiment: shouting is negative and angry (urgent); thanks is positive; plain questions neutral", () => {
    const angry = classify({ subject: "WHERE IS IT", body: "THIS IS RIDICULOUS!!! I PAID TWO WEEKS AGO!!!" });
    expect(angry.sentiment).toBe("NEGATIVE");
    expect(angry.signals).toContain("angry");
    expect(angry.urgent).toBe(true);
    const happy = classify({ subject: "Thank you!", body: "The necklace is gorgeous, thanks so much!" });
    expect(happy.sentiment).toBe("POSITIVE");
    expect(happy.topic).toBe("OTHER");
    expect(happy.urgent).toBe(false);
    const plain = classify({ subject: "Sizing", body: "Does the coat run large?" });
    expect(plain.sentiment).toBe("NEUTRAL");
    expect(plain.topic).toBe("PRODUCT_QUESTION");
  });

  it("ignores quoted history and signatures", () => {
    const body = "Any update on my order?\n\nOn Mon, 2 Nov 2026, Store <s@x.com> wrote:\n> We can refund or exchange, or cancel it for you.\n> Refund refund refund";
    expect(stripQuotedAndSignature(body).trim()).toBe("Any update on my order?");
    expect(classify({ subject: "Re: order", body }).topic).toBe("WHERE_IS_MY_ORDER");
  });

  it("gives OTHER with low confidence for nothing recognisable", () => {
    const result = classify({ subject: "hi", body: "hello" });
    expect(result.topic).toBe("OTHER");
    expect(result.confidence).toBeLessThan(0.5);
    expect(result.urgent).toBe(false);
  });
});
