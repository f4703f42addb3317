//! Renderers: for a person (colour only on a terminal) and JSON Lines for scripts.
//! Each writes to any `impl Write`, so tests render into a `Vec<u8>`.

pub mod human;
pub mod json;

use std::borrow::Cow;
use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use crate::cli::ColorChoice;

/// The one place the colour decision is made: `auto` means stdout is a terminal and NO_COLOR is unset.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub highlight: Style,
    pub title: Style,
    pub dim: Style,
    pub removed: Style,
    pub fragment: Style,
}

impl Palette {
    pub fn new(color: bool) -> Palette {
        if !color {
            let plain = Style::new();
            return Palette { highlight: plain, title: plain, dim: plain, removed: plain, fragment: plain };
        }
        Palette {
            highlight: Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            title: Style::new().bold(),
            dim: Style::new().dimmed(),
            removed: Style::new().fg_color(Some(AnsiColor::Red.into())),
            fragment: Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        }
    }
}

/// `text` with the byte ranges in `ranges` (sorted, on char boundaries) painted in `style`,
/// and its control characters but line breaks and tabs escaped (see [`escape_controls`]).
pub fn paint(text: &str, ranges: &[(usize, usize)], style: Style) -> String {
    paint_keeping(text, ranges, style, Keep::Layout)
}

/// A title painted as [`paint`] paints text, with every control character escaped, line
/// breaks too, as [`escape_controls`] escapes them: a title holds one line of output.
pub fn paint_title(title: &str, ranges: &[(usize, usize)], style: Style) -> String {
    paint_keeping(title, ranges, style, Keep::Nothing)
}

fn paint_keeping(text: &str, ranges: &[(usize, usize)], style: Style, keep: Keep) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 12);
    let mut at = 0;
    for &(start, end) in ranges {
        let (Some(before), Some(marked)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(&escape(before, keep));
        out.push_str(&format!("{style}{}{style:#}", escape(marked, keep)));
        at = end;
    }
    out.push_str(&escape(text.get(at..).unwrap_or_default(), keep));
    out
}

/// "1 article", "2 articles": a count with its noun.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A file name, id or title, safe to print: its control characters (escape sequences,
/// line breaks, tabs) shown as `\x1b`, `\n`, `\t`, so that it can neither drive the terminal
/// nor break one id a line. JSON output keeps them exact.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape(text, Keep::Nothing)
}

/// An article's text, safe to print: as [`escape_controls`], but its line breaks and tabs stay.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape(text, Keep::Layout)
}

/// Which control characters [`escape`] lets through.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    Nothing,
    /// Line breaks and tabs: the layout of an article's text.
    Layout,
}

fn escape(text: &str, keep: Keep) -> Cow<'_, str> {
    let kept = |c: char| keep == Keep::Layout && matches!(c, '\n' | '\t');
    if !text.chars().any(|c| c.is_control() && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if kept(c) || !c.is_control() => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paint_marks_ranges_and_plain_style_adds_nothing() {
        let text = "proprietary flagship models";
        let plain = paint(text, &[(0, 11), (12, 20)], Style::new());
        assert_eq!(plain, text);
        let bold = paint(text, &[(12, 20)], Style::new().bold());
        assert!(bold.contains("\u{1b}[1mflagship\u{1b}[0m"), "{bold:?}");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(escape_controls("a\x1b[31mred\nb\tc\u{85}"), "a\\x1b[31mred\\nb\\tc\\x85");
        assert_eq!(escape_controls("plain 삼성"), "plain 삼성");
        let painted = paint("one\x1b[2J\ntwo", &[(0, 3)], Style::new());
        assert_eq!(painted, "one\\x1b[2J\ntwo", "an article's line breaks stay, its escapes do not");
        let title = paint_title("Two\nlines\tand\x1b[2J", &[(0, 3)], Style::new());
        assert_eq!(title, "Two\\nlines\\tand\\x1b[2J", "a title stays on its line");
    }

    #[test]
    fn paint_ignores_ranges_out_of_bounds() {
        assert_eq!(paint("abc", &[(2, 10)], Style::new().bold()), "abc");
    }
}
