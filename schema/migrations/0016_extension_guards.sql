-- Reserved for issue 7 (0016_extension_guards); replaced by its guards.
SELECT 1;
