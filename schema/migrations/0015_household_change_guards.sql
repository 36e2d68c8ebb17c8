-- Reserved for issue 7 (0015_household_change_guards); replaced by its guards.
SELECT 1;
