-- Reserved for issue 7 (0014_encumbrance_guards); replaced by its guards.
SELECT 1;
