//! The first stage of every text analyzer: words by Unicode word boundaries (UAX#29),
//! with Chinese, Japanese and Korean cut into overlapping character bigrams.
//!
//! UAX#29 keeps "U.S", "3.5", "don’t" and "1,000,000" whole and splits "GPT-5.4" into "GPT", "5.4";
//! a query analysed by the same tokenizer gives the same words, so they match as written.
//! CJK has no spaces between words, so a run of CJK characters becomes its bigrams
//! ("삼성전자" -> "삼성", "성전", "전자"), which finds any word of two or more characters in it.
//!
//! Most news text is plain ASCII, where UAX#29 comes down to a few byte rules; stretches of it
//! are split by those rules directly, which gives the same tokens several times faster.

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
        WordStream::new(text, true)
    }
}

/// What the stream emits next: a token over these bytes, or a gap left by a word too long to keep.
enum Item {
    Word(Range<usize>),
    TooLong,
}

/// The tokens of one text, found one UAX#29 segment at a time.
///
/// The text is read as alternating stretches: `cursor..ascii_end` is plain ASCII, split by
/// [`next_ascii_word`](Self::next_ascii_word); `ascii_end..slow_end` holds non-ASCII chars and goes
/// through unicode-segmentation. Both ends of a stretch are clean breaks (see [`is_clean_break`]),
/// so each stretch splits as it would inside the whole text.
pub struct WordStream<'a> {
    text: &'a str,
    ascii_fast_path: bool,
    cursor: usize,
    ascii_end: usize,
    slow_end: usize,
    /// The segments of the current non-ASCII stretch, and where that stretch starts in `text`.
    segments: Option<(usize, UWordBoundIndices<'a>)>,
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
                    self.set_token(range, true);
                    return true;
                }
                Some(Item::TooLong) => {
                    self.next_position += 1;
                    continue;
                }
                None => {}
            }
            if let Some((offset, segments)) = &mut self.segments {
                match segments.next() {
                    Some((start, segment)) => {
                        let start = *offset + start;
                        self.read_segment(start, segment);
                    }
                    None => {
                        self.segments = None;
                        self.end_run();
                    }
                }
            } else if self.cursor < self.ascii_end {
                match self.next_ascii_word() {
                    Some(word) if word.len() > MAX_WORD_BYTES => self.next_position += 1,
                    Some(word) => {
                        self.set_token(word, false);
                        return true;
                    }
                    None => {}
                }
            } else if self.cursor < self.slow_end {
                let stretch = &self.text[self.cursor..self.slow_end];
                self.segments = Some((self.cursor, stretch.split_word_bound_indices()));
                self.cursor = self.slow_end;
            } else if self.cursor < self.text.len() {
                self.plan_stretches();
            } else {
                return false;
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

impl<'a> WordStream<'a> {
    /// Without `ascii_fast_path` every stretch goes through unicode-segmentation (tests compare the two).
    pub(crate) fn new(text: &'a str, ascii_fast_path: bool) -> Self {
        WordStream {
            text,
            ascii_fast_path,
            cursor: 0,
            ascii_end: 0,
            slow_end: 0,
            segments: None,
            run: Vec::new(),
            run_end: 0,
            queue: VecDeque::new(),
            next_position: 0,
            token: Token::default(),
        }
    }

    /// Sets `ascii_end` and `slow_end` for the text from `cursor`, which is a clean break.
    fn plan_stretches(&mut self) {
        let bytes = self.text.as_bytes();
        let from = self.cursor;
        if !self.ascii_fast_path {
            (self.ascii_end, self.slow_end) = (from, bytes.len());
            return;
        }
        let Some(first) = bytes[from..].iter().position(|b| !b.is_ascii()).map(|i| from + i) else {
            (self.ascii_end, self.slow_end) = (bytes.len(), bytes.len());
            return;
        };
        self.ascii_end = (from + 1..first).rev().find(|&at| is_clean_break(bytes, at)).unwrap_or(from);
        self.slow_end = (first + 1..bytes.len()).find(|&at| is_clean_break(bytes, at)).unwrap_or(bytes.len());
    }

    /// The next word between `cursor` and `ascii_end`, by the rules UAX#29 has for ASCII: letters, digits
    /// and '_' join; so do '.', '\'' and ':' between two letters, and '.', '\'', ',' and ';' between two digits.
    fn next_ascii_word(&mut self) -> Option<Range<usize>> {
        let bytes = &self.text.as_bytes()[..self.ascii_end];
        let mut at = self.cursor;
        loop {
            while at < bytes.len() && !is_ascii_word_byte(bytes[at]) {
                at += 1;
            }
            if at == bytes.len() {
                self.cursor = at;
                return None;
            }
            let start = at;
            at += 1;
            while at < bytes.len() {
                if is_ascii_word_byte(bytes[at]) {
                    at += 1;
                } else if at + 1 < bytes.len() && joins_ascii(bytes[at - 1], bytes[at], bytes[at + 1]) {
                    at += 2;
                } else {
                    break;
                }
            }
            if let Some(word) = trim_ascii_to_alphanumeric(&bytes[start..at]) {
                self.cursor = at;
                return Some(start + word.start..start + word.end);
            }
        }
    }

    fn set_token(&mut self, range: Range<usize>, may_hold_invisible: bool) {
        let token = &mut self.token;
        token.text.clear();
        let slice = &self.text[range.clone()];
        if may_hold_invisible && slice.contains(is_invisible) {
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

/// Whether UAX#29 breaks at `at` whatever comes before or after, so the text on each side splits alone
/// as it does in the whole: the byte before is ASCII that no rule joins or looks across (not a letter,
/// digit, '_', a mid-word mark, or '\r', which joins "\n"), and the byte at `at` is ASCII, so not a
/// combining mark or format char, which UAX#29 would attach to the byte before.
fn is_clean_break(bytes: &[u8], at: usize) -> bool {
    let (before, after) = (bytes[at - 1], bytes[at]);
    before.is_ascii()
        && after.is_ascii()
        && !is_ascii_word_byte(before)
        && !matches!(before, b'.' | b'\'' | b':' | b',' | b';' | b'\r')
}

/// Letters, digits and '_' (ExtendNumLet), which UAX#29 joins to each other.
fn is_ascii_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Whether `mid` joins `before` and `after` into one word (UAX#29 rules WB6, WB7, WB11 and WB12).
fn joins_ascii(before: u8, mid: u8, after: u8) -> bool {
    let letters = || before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    let digits = || before.is_ascii_digit() && after.is_ascii_digit();
    match mid {
        b'.' | b'\'' => letters() || digits(),
        b':' => letters(),
        b',' | b';' => digits(),
        _ => false,
    }
}

/// The part of a segment from its first to its last grapheme that starts with an alphanumeric char,
/// so "mot\u{202F}" (UAX#29 joins a narrow no-break space to a word) gives "mot" and "_" gives nothing.
fn trim_to_alphanumeric(segment: &str) -> Option<Range<usize>> {
    if segment.is_ascii() {
        return trim_ascii_to_alphanumeric(segment.as_bytes());
    }
    let starts_alphanumeric =
        |(_, unit): &(usize, &str)| unit.chars().next().is_some_and(char::is_alphanumeric);
    let mut units = segment.grapheme_indices(true);
    let (start, first) = units.find(starts_alphanumeric)?;
    let end = units.rev().find(starts_alphanumeric).map_or(start + first.len(), |(i, unit)| i + unit.len());
    Some(start..end)
}

/// [`trim_to_alphanumeric`] for ASCII, where every grapheme but "\r\n" is one byte.
fn trim_ascii_to_alphanumeric(segment: &[u8]) -> Option<Range<usize>> {
    let start = segment.iter().position(u8::is_ascii_alphanumeric)?;
    let end = segment.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |last| last + 1);
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
    use crate::testutil::XorShift;

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
            let text: String = (0..len).map(|_| *rng.pick(&pieces)).collect();
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
    fn ascii_fast_path_follows_uax29() {
        assert_eq!(tokens("U.S."), owned(&[("U.S", 0, 3)]));
        assert_eq!(tokens("5.4%"), owned(&[("5.4", 0, 3)]));
        assert_eq!(
            texts("it's 3,5 a_b x--y ... a:b 1:2 1;2 a;b a.1 1.a"),
            ["it's", "3,5", "a_b", "x", "y", "a:b", "1", "2", "1;2", "a", "b", "a", "1", "1", "a"]
        );
        assert_eq!(texts("__ _x_ a_.b a._b 1'000 x'y' 'q"), ["x", "a", "b", "a", "b", "1'000", "x'y", "q"]);
        assert_eq!(texts("a\r\nb\tc\x0Bd\"e"), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn ascii_next_to_non_ascii() {
        assert_eq!(tokens("café au lait"), owned(&[("café", 0, 5), ("au", 6, 8), ("lait", 9, 13)]));
        // A combining mark joins the ASCII letter before it, a space joins a no-break space after it.
        assert_eq!(texts("cafe\u{301} e\u{301}"), ["cafe\u{301}", "e\u{301}"]);
        assert_eq!(texts("x \u{A0}\u{345}y"), ["x", "y"]);
        assert_eq!(texts("the “U.S.” and U.K’s 1,5€"), ["the", "U.S", "and", "U.K’s", "1,5"]);
        assert_eq!(texts("ab한국 cd"), ["ab", "한국", "cd"]);
        assert_eq!(texts("a.é 1.٣ e\u{AD}mail"), ["a.é", "1.٣", "email"]);
    }

    #[test]
    fn ascii_fast_path_gives_the_same_tokens_as_unicode_segmentation() {
        let pieces = [
            "a",
            "Z",
            "q",
            "7",
            "0",
            ".",
            ",",
            ";",
            ":",
            "'",
            "\"",
            "_",
            "-",
            "%",
            "$",
            "/",
            "(",
            ")",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\x0B",
            "\x7F",
            "é",
            "\u{301}",
            "\u{A0}",
            "\u{AD}",
            "’",
            "한",
            "中",
            "😀",
            "\u{200D}",
            "\u{3000}",
            "\u{202F}",
            "א",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ];
        let all = |text: &str, ascii_fast_path: bool| {
            let mut stream = WordStream::new(text, ascii_fast_path);
            let mut out = Vec::new();
            stream.process(&mut |t| out.push((t.text.clone(), t.offset_from, t.offset_to, t.position)));
            out
        };
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        for _ in 0..5_000 {
            let len = (rng.next() % 30) as usize;
            let text: String = (0..len).map(|_| *rng.pick(&pieces)).collect();
            assert_eq!(all(&text, true), all(&text, false), "in {text:?}");
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
