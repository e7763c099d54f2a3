"""The reading engine: the pinyin of every character in context (dictionary, lexicon, rules, model, spoken tones) and the segmenter. Imports base only."""
