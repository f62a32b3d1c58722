"""Text utilities every step shares: decoding, the line/block model of a dump, word and phrase
matching, normalisation, language and date reading. They know nothing of labels or steps."""
