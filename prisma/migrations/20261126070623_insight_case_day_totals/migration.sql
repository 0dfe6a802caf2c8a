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

-- InsightCaseDayTotal follows InsightCaseDaily in the database itself: after every statement that writes daily
-- rows, the (shop, day) pairs it touched are summed again from the daily rows, in the same transaction. Whatever
-- writes the daily rows (the rollup job, a worker of the previous release still running during a rolling deploy,
-- a rebuild, shop erasure) keeps the totals exact.
CREATE FUNCTION casefile_sum_case_days(shops uuid[], days date[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "InsightCaseDayTotal" t USING unnest(shops, days) AS d("shopId", day)
  WHERE t."shopId" = d."shopId" AND t.day = d.day;
  INSERT INTO "InsightCaseDayTotal" ("shopId", day, channel, topic, created, "firstResponded", "firstResponseBreached",
    "repeatContacts", urgent, negative, "paymentFailureContacts", resolved, "resolutionBreached", "firstTouchResolved",
    reopened, "topicReviewed", "topicCorrect", "csatResponses", "csatScores")
  SELECT c."shopId", c.day, c.channel, c.topic, sum(c.created), sum(c."firstResponded"), sum(c."firstResponseBreached"),
    sum(c."repeatContacts"), sum(c.urgent), sum(c.negative), sum(c."paymentFailureContacts"), sum(c.resolved),
    sum(c."resolutionBreached"), sum(c."firstTouchResolved"), sum(c.reopened), sum(c."topicReviewed"), sum(c."topicCorrect"),
    sum(c."csatResponses"),
    ARRAY[sum(c."csatScores"[1]), sum(c."csatScores"[2]), sum(c."csatScores"[3]), sum(c."csatScores"[4]), sum(c."csatScores"[5])]::int[]
  FROM "InsightCaseDaily" c JOIN unnest(shops, days) AS d("shopId", day) ON d."shopId" = c."shopId" AND d.day = c.day
  GROUP BY c."shopId", c.day, c.channel, c.topic;
$$;

CREATE FUNCTION casefile_insight_case_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  shops uuid[];
  days date[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg("shopId"), array_agg(day) INTO shops, days FROM (SELECT DISTINCT "shopId", day FROM new_rows) t;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg("shopId"), array_agg(day) INTO shops, days FROM (SELECT DISTINCT "shopId", day FROM old_rows) t;
  ELSE
    SELECT array_agg("shopId"), array_agg(day) INTO shops, days
    FROM (SELECT "shopId", day FROM new_rows UNION SELECT "shopId", day FROM old_rows) t;
  END IF;
  IF shops IS NOT NULL THEN
    PERFORM casefile_sum_case_days(shops, days);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER insight_case_day_totals_insert AFTER INSERT ON "InsightCaseDaily"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION casefile_insight_case_day_totals();
CREATE TRIGGER insight_case_day_totals_update AFTER UPDATE ON "InsightCaseDaily"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION casefile_insight_case_day_totals();
CREATE TRIGGER insight_case_day_totals_delete AFTER DELETE ON "InsightCaseDaily"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION casefile_insight_case_day_totals();

-- Filled from the daily rows already built; from here on the trigger keeps it.
SELECT casefile_sum_case_days(array_agg("shopId"), array_agg(day))
FROM (SELECT DISTINCT "shopId", day FROM "InsightCaseDaily") t;
