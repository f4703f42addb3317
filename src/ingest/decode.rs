//! Turn the raw bytes of a scraped article into text, or say why the file is skipped.
//!
//! Order of decisions: empty input, byte order mark, UTF-16 without one (recognised by
//! the NUL bytes of its ASCII, so before the binary test), binary test on the first 8 KB,
//! valid UTF-8 as is, UTF-8 with a few bad bytes (replaced), and finally a chardetng
//! guess decoded with encoding_rs.

use std::fmt;

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes the binary test looks at.
const SAMPLE_BYTES: usize = 8 * 1024;

/// Signatures of common binary formats that a crawl may leave among the articles.
/// Short textual ones (`MZ`, `BM`, `BZh`, `RIFF`, ...) are left out: they could
/// start a real article, and such files hold NUL bytes early anyway.
const BINARY_MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff", // JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04", // ZIP, and so docx, epub, jar
    b"PK\x05\x06", // empty ZIP
    b"PK\x07\x08", // spanned ZIP
    b"\x1f\x8b",   // gzip
    b"7z\xbc\xaf\x27\x1c",
    b"\xfd7zXZ\x00",     // xz
    b"\x28\xb5\x2f\xfd", // zstd
    b"Rar!\x1a\x07",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", // OLE: doc, xls, msg
    b"\xca\xfe\xba\xbe",                 // Java class, Mach-O fat binary
    b"\xfe\xed\xfa\xce",                 // Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\x00asm", // WebAssembly
];

/// Why a file yields no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    Binary,
    Empty,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Skip::Binary => "binary file",
            Skip::Empty => "empty file",
        })
    }
}

impl std::error::Error for Skip {}

/// Text of a file and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding, e.g. "UTF-8", "windows-1252", "UTF-16LE".
    pub encoding: &'static str,
    /// How many malformed sequences were replaced with U+FFFD.
    pub replaced: usize,
}

impl Decoded {
    /// Whether malformed input was replaced with U+FFFD.
    pub fn is_lossy(&self) -> bool {
        self.replaced > 0
    }
}

/// Decode a file's bytes, detecting the encoding when there is no BOM and the
/// bytes are not UTF-8. Runs in time linear in `bytes.len()`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Skip> {
    if bytes.is_empty() {
        return Err(Skip::Empty);
    }
    let bom = Encoding::for_bom(bytes);
    let utf16 = if bom.is_none() { sniff_utf16(bytes) } else { None };
    let decoded = match (bom, utf16) {
        (Some((encoding, bom_len)), _) if encoding != UTF_8 => {
            let body = bytes.get(bom_len..).unwrap_or_default();
            let decoded = decode_with(encoding, body);
            // Only now can UTF-16 be tested: its ASCII has a NUL in every other byte.
            let sample = decoded.text.chars().take(SAMPLE_BYTES / 2).map(u32::from);
            if looks_binary(sample) {
                return Err(Skip::Binary);
            }
            decoded
        }
        (None, Some(encoding)) => {
            let decoded = decode_with(encoding, bytes);
            let sample = decoded.text.chars().take(SAMPLE_BYTES / 2).map(u32::from);
            if looks_binary(sample) {
                return Err(Skip::Binary);
            }
            decoded
        }
        _ => {
            let body = match bom {
                Some((_, bom_len)) => bytes.get(bom_len..).unwrap_or_default(),
                None => bytes,
            };
            if has_binary_magic(body) || looks_binary(sample_bytes(body)) {
                return Err(Skip::Binary);
            }
            match std::str::from_utf8(body) {
                Ok(text) => Decoded { text: text.to_owned(), encoding: UTF_8.name(), replaced: 0 },
                // A UTF-8 BOM is trusted over any guess, and so is UTF-8 that a few bad
                // bytes interrupt (a byte dropped in by an editor or a truncated copy):
                // read in a legacy code page, its curly quotes and accents would be mojibake.
                Err(_) if bom.is_some() || is_mostly_utf8(body) => decode_utf8_lossy(body),
                Err(_) => decode_with(guess_encoding(body), body),
            }
        }
    };
    if is_blank(&decoded.text) {
        return Err(Skip::Empty);
    }
    Ok(decoded)
}

/// Decode a web page's bytes: as [`decode`], but a page that is not valid UTF-8 and
/// declares its encoding (`<meta charset>`) is read in that encoding rather than a guess.
/// Valid UTF-8 stays UTF-8 whatever the page declares: a page saved or converted by a
/// crawler often keeps a stale declaration, and a legacy code page almost never forms
/// valid multi-byte UTF-8.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded, Skip> {
    let unmarked = Encoding::for_bom(bytes).is_none() && sniff_utf16(bytes).is_none();
    let declared = unmarked.then(|| crate::html::charset::declared(bytes)).flatten();
    match declared {
        Some(encoding) if std::str::from_utf8(bytes).is_err() => {
            if has_binary_magic(bytes) || looks_binary(sample_bytes(bytes)) {
                return Err(Skip::Binary);
            }
            let decoded =
                if encoding == UTF_8 { decode_utf8_lossy(bytes) } else { decode_with(encoding, bytes) };
            if is_blank(&decoded.text) {
                return Err(Skip::Empty);
            }
            Ok(decoded)
        }
        _ => decode(bytes),
    }
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, lossy) = encoding.decode_without_bom_handling(bytes);
    // encoding_rs says only whether it replaced anything; its replacements are the
    // U+FFFD it wrote (a U+FFFD already in the input is counted too, which is rare).
    let replaced = if lossy { text.matches(char::REPLACEMENT_CHARACTER).count().max(1) } else { 0 };
    Decoded { text: text.into_owned(), encoding: encoding.name(), replaced }
}

/// UTF-8 with each malformed sequence replaced by one U+FFFD, as the WHATWG decoder does.
fn decode_utf8_lossy(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            replaced += 1;
        }
    }
    Decoded { text, encoding: UTF_8.name(), replaced }
}

/// Whether bytes that are not valid UTF-8 are UTF-8 all the same: they hold valid
/// multi-byte sequences, and fewer malformed ones. A legacy code page almost never
/// forms a valid multi-byte sequence (Latin-1's "é" is one byte, 0xE9, which UTF-8
/// reads as the start of a sequence the next ASCII byte breaks).
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        malformed += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && malformed <= multibyte
}

/// UTF-16 without a byte order mark, from its byte pattern: text that is mostly ASCII
/// (or Latin) has a NUL as the high byte of nearly every code unit, and almost never as
/// the low one. Text in other scripts has no such pattern and is left to the other tests.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(SAMPLE_BYTES)).unwrap_or_default();
    let units = sample.len() / 2;
    // Such text has a NUL within its first few characters; most files have none at all.
    if units < 8 || !sample[..32.min(sample.len())].contains(&0) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let most = |n: usize| n * 10 >= units * 6;
    let few = |n: usize| n * 50 <= units;
    match (most(even), few(even), most(odd), few(odd)) {
        (_, true, true, _) => Some(UTF_16LE),
        (true, _, _, true) => Some(UTF_16BE),
        _ => None,
    }
}

fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new();
    // chardetng reads a lone 0xA3 as Polish "Ł" (windows-1250), which turns every
    // "£5" of an English article into "Ł5". So a 0xA3 between ASCII bytes is
    // shown to the detector as "$"; the bytes themselves are decoded unchanged.
    let is_ascii_at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_none_or(u8::is_ascii);
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == 0xa3 && is_ascii_at(i.checked_sub(1)) && is_ascii_at(i.checked_add(1)) {
            detector.feed(bytes.get(start..i).unwrap_or_default(), false);
            detector.feed(b"$", false);
            start = i + 1;
        }
    }
    detector.feed(bytes.get(start..).unwrap_or_default(), true);
    // UTF-8 was already ruled out by `from_utf8`, and file names carry no TLD.
    detector.guess(None, false)
}

fn has_binary_magic(bytes: &[u8]) -> bool {
    BINARY_MAGIC.iter().any(|magic| bytes.starts_with(magic))
}

fn sample_bytes(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.iter().take(SAMPLE_BYTES).map(|&b| u32::from(b))
}

/// More than 1% NULs, or more than 10% C0 controls and DEL other than tab, line feed,
/// carriage return and form feed. A stray NUL in an article (a copy-and-paste
/// accident) does not make it binary; binary formats are full of them. Serves both raw
/// bytes and decoded chars.
fn looks_binary(units: impl Iterator<Item = u32>) -> bool {
    let (mut total, mut nuls, mut controls) = (0usize, 0usize, 0usize);
    for unit in units {
        total += 1;
        nuls += usize::from(unit == 0);
        let is_control = (unit < 0x20 && !matches!(unit, 0x09 | 0x0a | 0x0c | 0x0d)) || unit == 0x7f;
        controls += usize::from(is_control);
    }
    nuls * 100 > total || controls * 10 > total
}

/// White space as Unicode defines it (which includes U+00A0), plus a stray BOM.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Decoded {
        match decode(bytes) {
            Ok(decoded) => decoded,
            Err(skip) => panic!("expected text, got {skip}"),
        }
    }

    #[test]
    fn utf8_is_taken_as_is() {
        let d = ok("Grüße aus Köln — 東京\n".as_bytes());
        assert_eq!(d.text, "Grüße aus Köln — 東京\n");
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.is_lossy());
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = ok(b"\xef\xbb\xbfHello \xc2\xa3");
        assert_eq!(d.text, "Hello £");
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.is_lossy());
    }

    #[test]
    fn utf8_bom_with_bad_bytes_stays_utf8_and_is_lossy() {
        let d = ok(b"\xef\xbb\xbfcaf\xe9 ok");
        assert_eq!(d.text, "caf\u{fffd} ok");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.is_lossy());
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("Price: £5\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let d = ok(&bytes);
        assert_eq!(d.text, "Price: £5\r\n");
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(!d.is_lossy());
    }

    #[test]
    fn utf16be_with_bom() {
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend("Zürich 𝄞".encode_utf16().flat_map(u16::to_be_bytes));
        let d = ok(&bytes);
        assert_eq!(d.text, "Zürich 𝄞");
        assert_eq!(d.encoding, "UTF-16BE");
        assert!(!d.is_lossy());
    }

    #[test]
    fn utf16_odd_length_is_lossy() {
        let d = ok(b"\xff\xfeh\x00i\x00!");
        assert_eq!(d.text, "hi\u{fffd}");
        assert!(d.is_lossy());
    }

    #[test]
    fn utf16_of_binary_is_binary() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend([1u8, 0, 2, 0, 3, 0, b'a', 0]);
        assert_eq!(decode(&bytes), Err(Skip::Binary));
    }

    #[test]
    fn windows_1252_pound() {
        let d = ok(b"The fare rose to \xa35 on Monday, the council said.");
        assert_eq!(d.text, "The fare rose to £5 on Monday, the council said.");
        assert_eq!(d.encoding, "windows-1252");
        assert!(!d.is_lossy());
    }

    #[test]
    fn windows_1252_pound_without_digits() {
        let d = ok(b"Prices in \xa3 and \x80 rose");
        assert_eq!(d.text, "Prices in £ and € rose");
        assert_eq!(ok(b"\xa3").text, "£");
    }

    #[test]
    fn windows_1250_polish_still_detected() {
        let text = "W Łodzi mieszka 700 tys. osób, a łącznie z okolicą prawie milion. Łódź";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1250.encode(text);
        assert!(!unmappable);
        let d = ok(&bytes);
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "windows-1250");
    }

    #[test]
    fn windows_1252_cafe() {
        let d = ok(b"caf\xe9");
        assert_eq!(d.text, "café");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn shift_jis_japanese() {
        let text = "東京都は月曜日、新しい交通計画を発表した。市民の意見を聞いたうえで、来年から実施する予定だという。";
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(!unmappable);
        let d = ok(&bytes);
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(!d.is_lossy());
    }

    #[test]
    fn euc_kr_korean() {
        let text = "서울시는 월요일 새로운 교통 계획을 발표했다. 시민들의 의견을 들은 뒤 내년부터 시행할 예정이라고 밝혔다.";
        let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(text);
        assert!(!unmappable);
        let d = ok(&bytes);
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "EUC-KR");
        assert!(!d.is_lossy());
    }

    #[test]
    fn gbk_fullwidth_0xa3_rows_are_not_mistaken_for_pounds() {
        let text = "２０２４年，北京市政府发布了新的交通计划。市民表示支持，预计明年开始实施。";
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable);
        let d = ok(&bytes);
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "GBK");
    }

    #[test]
    fn png_header_is_binary() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Err(Skip::Binary));
        // The magic alone decides, even with no NUL in sight.
        assert_eq!(decode(b"\x89PNG\r\n\x1a\nxxxx"), Err(Skip::Binary));
    }

    #[test]
    fn other_magic_is_binary() {
        for bytes in [&b"%PDF-1.7\n"[..], b"GIF89a", b"PK\x03\x04abc", b"\x1f\x8b\x08", b"\x7fELF"] {
            assert_eq!(decode(bytes), Err(Skip::Binary), "{bytes:?}");
        }
    }

    #[test]
    fn nuls_make_binary_but_a_stray_one_does_not() {
        assert_eq!(decode(b"hello\x00world"), Err(Skip::Binary));
        let mut bytes = b"A title\n\n".to_vec();
        bytes.extend(b"The council met on Tuesday. ".repeat(40));
        bytes.push(0);
        bytes.extend(b"It approved the budget.\n");
        assert_eq!(ok(&bytes).text.matches('\0').count(), 1, "an article with one NUL is read");
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let d = ok("The \u{201c}models\u{201d} don\u{2019}t \u{a0}"
            .as_bytes()
            .iter()
            .chain(b"x\xa0y")
            .copied()
            .collect::<Vec<_>>()
            .as_slice());
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "The \u{201c}models\u{201d} don\u{2019}t \u{a0}x\u{fffd}y");
        assert_eq!(d.replaced, 1);
        // No valid multi-byte sequence at all: a legacy code page, as before.
        assert_eq!(ok(b"caf\xe9 \xa35").text, "caf\u{e9} \u{a3}5");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text = "Tram news\n\nThe new tram line to Z\u{fc}rich airport opens in May.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!((ok(&le).text.as_str(), ok(&le).encoding), (text, "UTF-16LE"));
        assert_eq!((ok(&be).text.as_str(), ok(&be).encoding), (text, "UTF-16BE"));
    }

    #[test]
    fn nul_after_sample_is_kept() {
        let mut bytes = vec![b'a'; SAMPLE_BYTES];
        bytes.push(0);
        assert_eq!(ok(&bytes).text.len(), SAMPLE_BYTES + 1);
    }

    #[test]
    fn many_controls_are_binary() {
        assert_eq!(decode(b"ab\x01\x02\x03cdefgh"), Err(Skip::Binary));
        // One in ten is still text (an ESC from a terminal capture, say).
        assert!(decode(b"\x1b[1mbold text").is_ok());
        assert!(decode(b"col1\tcol2\r\n\x0cpage 2\n").is_ok());
    }

    #[test]
    fn empty_is_empty() {
        assert_eq!(decode(b""), Err(Skip::Empty));
        assert_eq!(decode(b"\xef\xbb\xbf"), Err(Skip::Empty));
        assert_eq!(decode(b"\xff\xfe"), Err(Skip::Empty));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(decode(b" \t\r\n\x0c\n"), Err(Skip::Empty));
        assert_eq!(decode("\u{a0}\u{feff} \u{3000}".as_bytes()), Err(Skip::Empty));
        // 0xA0 is a no-break space in windows-1252.
        assert_eq!(decode(b"  \xa0\n"), Err(Skip::Empty));
    }

    #[test]
    fn skip_display() {
        assert_eq!(Skip::Binary.to_string(), "binary file");
        assert_eq!(Skip::Empty.to_string(), "empty file");
    }
}
