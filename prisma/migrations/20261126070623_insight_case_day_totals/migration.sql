-- CreateTable
CREATE TABLE "InsightCaseDayTotal" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "topic" "CaseTopic" NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "firstResponded" INTEGER NOT NULL DEFAULT 0,
    "firstResponseBreached" INTEGER NOT NULL DEFAULT 0,
    "repeatContacts" INTEGER NOT NULL DEFAULT 0,
    "urgent" INTEGER NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "paymentFailureContacts" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "resolutionBreached" INTEGER NOT NULL DEFAULT 0,
    "firstTouchResolved" INTEGER NOT NULL DEFAULT 0,
    "reopened" INTEGER NOT NULL DEFAULT 0,
    "topicReviewed" INTEGER NOT NULL DEFAULT 0,
    "topicCorrect" INTEGER NOT NULL DEFAULT 0,
    "csatResponses" INTEGER NOT NULL DEFAULT 0,
    "csatScores" INTEGER[] DEFAULT ARRAY[0, 0, 0, 0, 0]::INTEGER[],

    CONSTRAINT "InsightCaseDayTotal_pkey" PRIMARY KEY ("shopId","day","channel","topic")
);


-- Backfill from the daily rows already built (the rollup job keeps it current from here on).
INSERT INTO "InsightCaseDayTotal" ("shopId", day, channel, topic, created, "firstResponded", "firstResponseBreached",
  "repeatContacts", urgent, negative, "paymentFailureContacts", resolved, "resolutionBreached", "firstTouchResolved",
  reopened, "topicReviewed", "topicCorrect", "csatResponses", "csatScores")
SELECT "shopId", day, channel, topic, sum(created), sum("firstResponded"), sum("firstResponseBreached"),
  sum("repeatContacts"), sum(urgent), sum(negative), sum("paymentFailureContacts"), sum(resolved), sum("resolutionBreached"),
  sum("firstTouchResolved"), sum(reopened), sum("topicReviewed"), sum("topicCorrect"), sum("csatResponses"),
  ARRAY[sum("csatScores"[1]), sum("csatScores"[2]), sum("csatScores"[3]), sum("csatScores"[4]), sum("csatScores"[5])]::int[]
FROM "InsightCaseDaily"
GROUP BY "shopId", day, channel, topic;
