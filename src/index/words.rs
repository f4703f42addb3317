//! The first stage of every text analyzer: words by Unicode word boundaries (UAX#29),
//! with Chinese, Japanese and Korean cut into overlapping character bigrams.
//!
//! UAX#29 keeps "U.S", "3.5", "don’t" and "1,000,000" whole and splits "GPT-5.4" into "GPT", "5.4";
//! a query analysed by the same tokenizer gives the same words, so they match as written.
//! CJK has no spaces between words, so a run of CJK characters becomes its bigrams
//! ("삼성전자" -> "삼성", "성전", "전자"), which finds any word of two or more characters in it.

use std::collections::VecDeque;
use std::ops::Range;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// Words longer than this, in bytes, are dropped (like tantivy's `RemoveLongFilter`); CJK runs never are.
pub const MAX_WORD_BYTES: usize = 100;

/// Splits text into words and CJK bigrams; see the module comment.
#[derive(Debug, Clone, Default)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            segments: text.split_word_bound_indices(),
            run: Vec::new(),
            run_end: 0,
            queue: VecDeque::new(),
            next_position: 0,
            token: Token::default(),
        }
    }
}

/// What the stream emits next: a token over these bytes, or a gap left by a word too long to keep.
enum Item {
    Word(Range<usize>),
    TooLong,
}

/// The tokens of one text, found one UAX#29 segment at a time.
pub struct WordStream<'a> {
    text: &'a str,
    segments: UWordBoundIndices<'a>,
    /// Start offsets of the units (grapheme clusters) of the CJK run being collected;
    /// a run may span several segments, because UAX#29 splits Han and kana into single characters.
    run: Vec<usize>,
    run_end: usize,
    queue: VecDeque<Item>,
    next_position: usize,
    token: Token,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            match self.queue.pop_front() {
                Some(Item::Word(range)) => {
                    self.set_token(range);
                    return true;
                }
                Some(Item::TooLong) => self.next_position += 1,
                None => match self.segments.next() {
                    Some((start, segment)) => self.read_segment(start, segment),
                    None if self.run.is_empty() => return false,
                    None => self.end_run(),
                },
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl WordStream<'_> {
    fn set_token(&mut self, range: Range<usize>) {
        let token = &mut self.token;
        token.text.clear();
        let slice = &self.text[range.clone()];
        if slice.contains(is_invisible) {
            token.text.extend(slice.chars().filter(|&c| !is_invisible(c)));
        } else {
            token.text.push_str(slice);
        }
        token.offset_from = range.start;
        token.offset_to = range.end;
        token.position = self.next_position;
        token.position_length = 1;
        self.next_position += 1;
    }

    fn read_segment(&mut self, start: usize, segment: &str) {
        if !segment.contains(char::is_alphanumeric) {
            // Spaces and punctuation (including "・", which is in the kana block) end any CJK run.
            self.end_run();
            return;
        }
        if !segment.contains(is_cjk) {
            self.end_run();
            if let Some(word) = trim_to_alphanumeric(segment) {
                self.push_word(start + word.start..start + word.end);
            }
            return;
        }
        // CJK units extend the run; other alphanumeric units form words (as in "AI트렌드");
        // anything else ends the run and is left out of words unless a word continues after it.
        let mut word: Option<Range<usize>> = None;
        for (offset, unit) in segment.grapheme_indices(true) {
            let Some(first) = unit.chars().next() else { continue };
            let range = start + offset..start + offset + unit.len();
            if is_cjk(first) {
                if let Some(word) = word.take() {
                    self.push_word(word);
                }
                if self.run_end != range.start {
                    self.end_run();
                }
                self.run.push(range.start);
                self.run_end = range.end;
            } else if first.is_alphanumeric() {
                self.end_run();
                match &mut word {
                    Some(word) => word.end = range.end,
                    None => word = Some(range),
                }
            } else {
                self.end_run();
            }
        }
        if let Some(word) = word {
            self.push_word(word);
        }
    }

    fn push_word(&mut self, range: Range<usize>) {
        if range.len() > MAX_WORD_BYTES {
            self.queue.push_back(Item::TooLong);
        } else {
            self.queue.push_back(Item::Word(range));
        }
    }

    /// Queues the run's bigrams, or its one unit when it has only one.
    fn end_run(&mut self) {
        match self.run.len() {
            0 => {}
            1 => self.queue.push_back(Item::Word(self.run[0]..self.run_end)),
            _ => {
                let ends = self.run[2..].iter().copied().chain(std::iter::once(self.run_end));
                for (&from, to) in self.run.iter().zip(ends) {
                    self.queue.push_back(Item::Word(from..to));
                }
            }
        }
        self.run.clear();
    }
}

/// The part of a segment from its first to its last grapheme that starts with an alphanumeric char,
/// so "mot\u{202F}" (UAX#29 joins a narrow no-break space to a word) gives "mot" and "_" gives nothing.
fn trim_to_alphanumeric(segment: &str) -> Option<Range<usize>> {
    let starts_alphanumeric =
        |(_, unit): &(usize, &str)| unit.chars().next().is_some_and(char::is_alphanumeric);
    let mut units = segment.grapheme_indices(true);
    let (start, first) = units.find(starts_alphanumeric)?;
    let end = units.rev().find(starts_alphanumeric).map_or(start + first.len(), |(i, unit)| i + unit.len());
    Some(start..end)
}

/// Han, kana and Hangul: the scripts written without spaces between words (Korean has spaces,
/// but its words carry particles, so bigrams still find a noun inside "삼성전자가").
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'       // Hangul Jamo
        | '\u{3005}'..='\u{3007}'     // 々 〆 〇
        | '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'     // Hangul Compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'     // Katakana Phonetic Extensions
        | '\u{3400}'..='\u{4DBF}'     // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK Unified Ideographs
        | '\u{A960}'..='\u{A97F}'     // Hangul Jamo Extended-A
        | '\u{AC00}'..='\u{D7AF}'     // Hangul Syllables
        | '\u{D7B0}'..='\u{D7FF}'     // Hangul Jamo Extended-B
        | '\u{F900}'..='\u{FAFF}'     // CJK Compatibility Ideographs
        | '\u{FF66}'..='\u{FFDC}'     // halfwidth Katakana and Hangul
        | '\u{20000}'..='\u{323AF}'   // CJK Extensions B to H
    )
}

/// Chars that UAX#29 keeps inside a word but a query never contains: soft hyphen, word joiner, BOM.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{2060}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, offset_from, offset_to) of each token; also checks positions are 0, 1, 2...
    fn tokens(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            assert_eq!(token.position, out.len(), "position of {:?} in {text:?}", token.text);
            assert_eq!(token.position_length, 1);
            out.push((token.text.clone(), token.offset_from, token.offset_to));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _, _)| t).collect()
    }

    fn owned(expected: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
        expected.iter().map(|&(t, from, to)| (t.to_string(), from, to)).collect()
    }

    /// Every token's offsets slice back to its text.
    fn assert_slices(text: &str) {
        for (token, from, to) in tokens(text) {
            assert_eq!(&text[from..to], token, "in {text:?}");
        }
    }

    #[test]
    fn abbreviations_keep_inner_dots() {
        assert_eq!(tokens("U.S. economy"), owned(&[("U.S", 0, 3), ("economy", 5, 12)]));
        assert_eq!(texts("e.g. the U.K."), ["e.g", "the", "U.K"]);
    }

    #[test]
    fn hyphen_splits_but_decimal_point_does_not() {
        assert_eq!(tokens("GPT-5.4"), owned(&[("GPT", 0, 3), ("5.4", 4, 7)]));
        assert_eq!(tokens("e-mail"), owned(&[("e", 0, 1), ("mail", 2, 6)]));
        assert_eq!(tokens("3.5% rise"), owned(&[("3.5", 0, 3), ("rise", 5, 9)]));
        assert_eq!(texts("1,000,000 users"), ["1,000,000", "users"]);
    }

    #[test]
    fn currency_and_numbers() {
        assert_eq!(tokens("$15 billion"), owned(&[("15", 1, 3), ("billion", 4, 11)]));
        assert_eq!(tokens("Llama 4"), owned(&[("Llama", 0, 5), ("4", 6, 7)]));
    }

    #[test]
    fn apostrophes_stay_inside_words() {
        assert_eq!(tokens("don’t"), owned(&[("don’t", 0, 7)]));
        assert_eq!(texts("don't O’Neill"), ["don't", "O’Neill"]);
    }

    #[test]
    fn punctuation_and_symbols_are_not_words() {
        assert_eq!(texts("AT&T, C++ and #tags @user!"), ["AT", "T", "C", "and", "tags", "user"]);
        assert!(tokens(" .,;:!?-—…«» \t\n ").is_empty());
        assert!(tokens("").is_empty());
    }

    #[test]
    fn korean_bigrams() {
        assert_eq!(tokens("삼성전자"), owned(&[("삼성", 0, 6), ("성전", 3, 9), ("전자", 6, 12)]));
        assert_eq!(
            texts("삼성전자가 새 칩을 발표했다"),
            ["삼성", "성전", "전자", "자가", "새", "칩을", "발표", "표했", "했다"]
        );
    }

    #[test]
    fn japanese_kana_and_kanji_form_one_run() {
        // UAX#29 gives "東", "京", "タワー", "に": the run is merged before the bigrams.
        assert_eq!(
            tokens("東京タワーに"),
            owned(&[("東京", 0, 6), ("京タ", 3, 9), ("タワ", 6, 12), ("ワー", 9, 15), ("ーに", 12, 18),])
        );
        // The middle dot is its own segment and ends the run.
        assert_eq!(texts("カタ・カナ"), ["カタ", "カナ"]);
        assert_eq!(texts("人々の"), ["人々", "々の"]);
    }

    #[test]
    fn chinese_bigrams_stop_at_punctuation() {
        assert_eq!(texts("我们是中国人。你好"), ["我们", "们是", "是中", "中国", "国人", "你好"]);
        assert_eq!(tokens("中"), owned(&[("中", 0, 3)]));
        assert_eq!(texts("中 国"), ["中", "国"]);
    }

    #[test]
    fn mixed_segments_split_into_runs() {
        // UAX#29 gives "AI트렌드" as one segment (Hangul is a letter to it).
        assert_eq!(tokens("AI트렌드"), owned(&[("AI", 0, 2), ("트렌", 2, 8), ("렌드", 5, 11)]));
        assert_eq!(texts("트렌드.AI"), ["트렌", "렌드", "AI"]);
        assert_eq!(texts("A.삼성"), ["A", "삼성"]);
        assert_eq!(texts("iPhone15を買った"), ["iPhone15", "を買", "買っ", "った"]);
        assert_eq!(texts("2024年3月"), ["2024", "年", "3", "月"]);
        assert_eq!(texts("ＡＩ技術"), ["ＡＩ", "技術"]);
    }

    #[test]
    fn long_cjk_runs_are_all_bigrammed() {
        let text = "가".repeat(200);
        let found = tokens(&text);
        assert_eq!(found.len(), 199);
        assert_eq!(found[198], ("가가".to_string(), 594, 600));
    }

    #[test]
    fn long_words_are_dropped_but_keep_their_position() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let kept = "y".repeat(MAX_WORD_BYTES);
        let text = format!("a {long} b {kept}");
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(&text);
        let mut found = Vec::new();
        stream.process(&mut |token| found.push((token.text.clone(), token.position)));
        assert_eq!(found, [("a".to_string(), 0), ("b".to_string(), 2), (kept, 3)]);
    }

    #[test]
    fn narrow_no_break_spaces_and_underscores_are_trimmed() {
        // French typography: UAX#29 joins U+202F to the neighbouring word.
        assert_eq!(tokens("mot\u{202F}: «\u{202F}mot\u{202F}»"), owned(&[("mot", 0, 3), ("mot", 13, 16)]));
        assert_eq!(texts("_foo_ snake_case"), ["foo", "snake_case"]);
    }

    #[test]
    fn invisible_chars_are_left_out_of_the_text() {
        assert_eq!(tokens("infor\u{AD}mation"), owned(&[("information", 0, 13)]));
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        assert_eq!(texts("cafe\u{301}s"), ["cafe\u{301}s"]);
        // Decomposed Hangul: bigrams of syllables, not of jamo.
        let nfd = "\u{1109}\u{1161}\u{11B7}\u{1109}\u{1165}\u{11BC}";
        assert_eq!(tokens(nfd), owned(&[(nfd, 0, nfd.len())]));
        assert_eq!(texts("か\u{3099}き"), ["か\u{3099}き"]);
    }

    #[test]
    fn offsets_slice_back_to_the_text() {
        for text in [
            "U.S. economy grew 3.5% after GPT-5.4 and Llama 4 launched; $15 billion, don’t e-mail.",
            "삼성전자가 AI트렌드를 발표했다",
            "東京タワーに行きました。ひらがなカタカナ漢字",
            "我们是中国人。北京2024年",
            "ｶﾀｶﾅ　全角スペース",
        ] {
            assert_slices(text);
        }
    }

    /// A tiny xorshift, so the test needs no dependency and always sees the same strings.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    #[test]
    fn random_mixed_scripts_give_sound_tokens() {
        let pieces = [
            "a", "Z", "é", "e\u{301}", "ß", "ñ", "7", "٣", "д", "Ж", "ا", "ש", "ह", "ि", "ก", "ั", "한",
            "\u{1100}", "\u{1161}", "ㄱ", "ひ", "カ", "ｶ", "ー", "\u{3099}", "中", "々", "𠀀", "\u{F900}",
            " ", "\u{3000}", ".", ",", "'", "’", "-", "_", "$", "%", "@", "\u{202F}", "\u{AD}", "\u{200D}",
            "\u{FEFF}", "😀", "🇫🇷", "\n", "\r\n", "\t", "。", "・",
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..500 {
            let len = (rng.next() % 40) as usize;
            let text: String = (0..len).map(|_| rng.pick(&pieces)).collect();
            let mut tokenizer = WordTokenizer;
            let mut stream = tokenizer.token_stream(&text);
            let mut last: Option<usize> = None;
            while let Some(token) = stream.next() {
                let (from, to) = (token.offset_from, token.offset_to);
                assert!(from < to && to <= text.len(), "{from}..{to} in {text:?}");
                assert!(text.is_char_boundary(from) && text.is_char_boundary(to), "{from}..{to} in {text:?}");
                assert!(!token.text.is_empty(), "empty token in {text:?}");
                assert!(last.is_none_or(|p| token.position > p), "positions in {text:?}");
                last = Some(token.position);
            }
        }
    }

    #[test]
    fn a_megabyte_line_tokenizes() {
        let line = "Samsung 삼성전자가 3.5% 東京タワー U.S. GPT-5.4 ".repeat(20_000);
        assert!(line.len() > 1_000_000);
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(&line);
        let mut count = 0;
        stream.process(&mut |_| count += 1);
        assert_eq!(count, 20_000 * 13);
    }
}
