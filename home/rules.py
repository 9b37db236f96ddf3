"""What counts as "needs attention" on the home page. The page and the README state these rules."""

# A vendor under contract is flagged when its delivery score (engine.facts.delivery) is below this
# with at least one item due: 0.5 is the smoothing prior, so below it means the record is worse
# than "no evidence either way". With nothing due there is no record, and no flag.
DELIVERY_SCORE_FLOOR = 0.5
# ... or when its R&D intensity trend (engine.facts.rd, least-squares slope over the last five
# fiscal years, at least two of them) is below this, in percentage points per year: falling by
# more than half a point a year (a drift of a tenth of a point is noise in reported figures).
RD_TREND_FLOOR = -0.5
# Contracts whose notice deadline (end date minus notice period) falls within this many days.
NOTICE_WINDOW_DAYS = 90
# On a first visit "since your last visit" means this many days back.
FIRST_VISIT_WINDOW_DAYS = 30
# At most this many lines per list; the heading gives the full count.
LIST_LIMIT = 20
