-- Reserved for issue 7 (0013_resolution_guards); replaced by its guards.
SELECT 1;
