//! Splits an article into blocks: one per non-blank line, or one per
//! hard-wrapped paragraph whose physical lines are joined.

/// How the physical lines of an article map onto paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Each line is a paragraph (the seeds).
    LinePerParagraph,
    /// Blank-line-separated blocks, as a web page saved as text.
    Blocks,
    /// Newswire wrapped at a fixed width (Reuters-21578).
    HardWrapped,
}

/// One unit of judgement: a line, or a joined hard-wrapped paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// 1-based first physical line.
    pub line: usize,
    /// 1-based last physical line; equals `line` when nothing was joined.
    pub line_end: usize,
    /// Trimmed text, tabs and no-break spaces as spaces, joined lines separated by one space.
    pub text: String,
    /// Laid out in columns (tabs or wide gaps between cells): a table row of plain text.
    pub columns: bool,
}

/// Lines as `str::lines` counts them, with a leading BOM removed.
pub(crate) fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    text.strip_prefix('\u{feff}').unwrap_or(text).lines()
}

/// Appends `line` with the spaces that scraped text carries (tab, NBSP, narrow NBSP,
/// figure space) as plain spaces, without zero-width characters, and trimmed; after one
/// space when `out` already holds text, and nothing when no text is left.
/// `printable` says the line is printable ASCII, as [`Line`] measured it.
fn push_normalised(out: &mut String, line: &str, printable: bool) {
    // Whitespace normalises to whitespace, so trimming first changes nothing.
    let line = line.trim();
    let start = out.len();
    if !out.is_empty() {
        out.push(' ');
    }
    let piece_at = out.len();
    // Most lines are printable ASCII and are copied as they are.
    if printable {
        out.push_str(line);
    } else if line.is_ascii() {
        out.extend(line.bytes().map(|b| if b.is_ascii_control() { ' ' } else { char::from(b) }));
    } else {
        for c in line.chars() {
            match c {
                '\t' | '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{3000}' => out.push(' '),
                c if is_invisible(c) => {}
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    // A dropped zero-width character may leave whitespace at either end.
    let piece = &out[piece_at..];
    let lead = piece.len() - piece.trim_start().len();
    let kept = piece.trim().len();
    if kept == 0 {
        out.truncate(start);
        return;
    }
    if lead > 0 {
        out.replace_range(piece_at..piece_at + lead, "");
    }
    out.truncate(piece_at + kept);
}

/// What the layout needs of one physical line, measured once.
pub(crate) struct Line<'a> {
    raw: &'a str,
    /// Nothing but whitespace.
    blank: bool,
    /// Characters without trailing whitespace.
    len: usize,
    /// Leading whitespace width in characters (a tab counts as one).
    indent: usize,
    /// Characters of the first word.
    first_word: usize,
    /// [`is_columnar`] and [`is_list_start`] of the line, asked once whether it starts
    /// a block or may continue one.
    columnar: bool,
    list_start: bool,
    /// Only bytes from `' '` to `'~'`: the text of the line is the line, trimmed.
    printable: bool,
}

impl<'a> Line<'a> {
    fn of(raw: &'a str) -> Line<'a> {
        // Without an early exit, the compiler reads many bytes at a time.
        let printable = raw.bytes().fold(true, |ok, b| ok & matches!(b, b' '..=b'~'));
        if printable || raw.is_ascii() {
            // One byte per character.
            let bytes = raw.as_bytes();
            let space = |b: &u8| char::from(*b).is_whitespace();
            let indent = bytes.iter().take_while(|b| space(b)).count();
            let trailing = bytes[indent..].iter().rev().take_while(|b| space(b)).count();
            let first_word = bytes[indent..].iter().take_while(|b| !space(b)).count();
            let len = bytes.len() - trailing;
            Line {
                raw,
                blank: indent == bytes.len(),
                len,
                indent,
                first_word,
                // Trimmed by the counts above.
                columnar: is_columnar(&raw[indent..len]),
                list_start: is_list_start(&raw[indent..]),
                printable,
            }
        } else {
            Line {
                raw,
                blank: raw.trim().is_empty(),
                len: raw.trim_end().chars().count(),
                indent: raw.chars().take_while(|c| c.is_whitespace()).count(),
                first_word: raw.split_whitespace().next().map_or(0, |w| w.chars().count()),
                columnar: is_columnar(raw.trim()),
                list_start: is_list_start(raw.trim_start()),
                printable,
            }
        }
    }
}

/// Decides the layout from line lengths: wrapped text has most lines close to one width,
/// and a line break that a wider line would not have needed is rare.
fn detect(lines: &[Line]) -> (Layout, usize) {
    let mut lens: Vec<usize> = lines.iter().filter(|l| !l.blank).map(|l| l.len).collect();
    let blank = lines.len() - lens.len();
    if lens.len() >= 4 {
        lens.sort_unstable();
        let width = lens[(lens.len() - 1) * 9 / 10];
        if (30..=110).contains(&width) {
            let full = lens.iter().filter(|&&n| n * 10 >= width * 7).count();
            let mut forced = 0usize;
            for pair in lines.windows(2) {
                let (cur, next) = (&pair[0], &pair[1]);
                if !cur.blank && !next.blank && cur.len + 1 + next.first_word > width {
                    forced += 1;
                }
            }
            // Indented paragraph starts followed by flush continuation lines: newswire,
            // even when tables of short lines keep most lines short.
            let indented_starts =
                lines.windows(2).filter(|p| p[0].indent >= 2 && !p[1].blank && p[1].indent == 0).count();
            if (full * 2 >= lens.len() && forced * 4 >= lens.len()) || (indented_starts >= 1 && forced >= 1) {
                return (Layout::HardWrapped, width);
            }
        }
    }
    if blank * 3 >= lines.len().max(1) {
        (Layout::Blocks, 0)
    } else {
        (Layout::LinePerParagraph, 0)
    }
}

/// Cells separated by a tab, by runs of three or more spaces or by dot leaders, as in a
/// wire-service table. `line` is trimmed.
fn is_columnar(line: &str) -> bool {
    let bytes = line.as_bytes();
    // Every gap starts with a tab, two spaces or two dots; a pass without an early exit
    // (many bytes at a time) tells most lines have none.
    let gap_start = |(&a, &b): (&u8, &u8)| a == b'\t' || b == b'\t' || (a == b && (a == b' ' || a == b'.'));
    if !bytes.iter().zip(&bytes[1.min(bytes.len())..]).fold(false, |any, pair| any | gap_start(pair)) {
        return false;
    }
    // One pass, the last four bytes in a word: twice as fast as a search per pattern.
    let mut last = 0u32;
    for &b in bytes {
        last = last << 8 | u32::from(b);
        if b == b'\t' || last & 0x00ff_ffff == 0x0020_2020 || last == 0x2e2e_2e2e {
            return true;
        }
    }
    false
}

/// Whether a line, without its leading whitespace, starts a list item or a table row.
fn is_list_start(t: &str) -> bool {
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ") || t.starts_with('|')
}

/// Splits `text` into blocks. Hard-wrapped paragraphs are joined while each line break
/// was forced by the width and the next line does not start a new indented paragraph.
pub(crate) fn split(text: &str) -> (Layout, Vec<Block>) {
    // Counted first, the lines fill their table without growing it.
    let mut lines: Vec<Line> = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    lines.extend(physical_lines(text).map(Line::of));
    let (layout, width) = detect(&lines);
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let columns = lines[i].columnar;
        if lines[i].blank {
            i += 1;
            continue;
        }
        let start = i;
        if layout == Layout::HardWrapped && !lines[i].list_start && !columns {
            let mut cont_indent: Option<usize> = None;
            while i + 1 < lines.len() {
                let cur = &lines[i];
                let next = &lines[i + 1];
                if next.blank || next.list_start || next.columnar {
                    break;
                }
                let new_paragraph = match cont_indent {
                    Some(c) => next.indent != c,
                    // Any indent after a paragraph's first line starts something new
                    // (" Reuter" is indented by one).
                    None => next.indent > 0,
                };
                let forced = cur.len + 1 + next.first_word > width.saturating_sub(width / 8);
                if new_paragraph || !forced {
                    break;
                }
                cont_indent.get_or_insert(next.indent);
                i += 1;
            }
        }
        // The block's lines are known before its text is made: one allocation each.
        let joined = &lines[start..=i];
        let mut text = String::with_capacity(joined.iter().map(|l| l.raw.len() + 1).sum());
        for line in joined {
            push_normalised(&mut text, line.raw, line.printable);
        }
        if !text.is_empty() {
            blocks.push(Block { line: start + 1, line_end: i + 1, text, columns });
        }
        i += 1;
    }
    (layout, blocks)
}

/// Characters that show nothing, which a text may hold between the letters of a word: zero
/// widths, the byte-order mark, and the soft hyphen that marks where a word may break.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_per_line_with_physical_numbers() {
        let (layout, blocks) = split("\u{feff}Title\r\n\r\nFirst\tline\u{a0}here.\r\nSecond.\r\n");
        assert_eq!(layout, Layout::LinePerParagraph);
        let got: Vec<(usize, &str)> = blocks.iter().map(|b| (b.line, b.text.as_str())).collect();
        assert_eq!(got, vec![(1, "Title"), (3, "First line here."), (4, "Second.")]);
    }

    #[test]
    fn joins_hard_wrapped_paragraphs() {
        let text = "CHIP PACT TALKS\n\n    TOKYO, March 23 - Japan has launched a last-ditch effort to\n\
salvage its computer micro-chip pact with the United States -\n\
sending a letter to top American policy makers setting out its\n\
case.\n\
    \"We must make our utmost effort to ward off any catastrophe,\"\n\
Ministry of International Trade and Industry (MITI) Deputy\n\
Director General Masaji Yamamoto told reporters.\n\
 Reuter\n";
        let (layout, blocks) = split(text);
        assert_eq!(layout, Layout::HardWrapped);
        let spans: Vec<(usize, usize)> = blocks.iter().map(|b| (b.line, b.line_end)).collect();
        assert_eq!(spans, vec![(1, 1), (3, 6), (7, 9), (10, 10)]);
        assert!(blocks[1].text.starts_with("TOKYO, March 23 - Japan"));
        assert!(blocks[1].text.ends_with("setting out its case."));
        assert_eq!(blocks[3].text, "Reuter");
    }
}
