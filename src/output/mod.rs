//! Renderers: for a person (colour only on a terminal) and JSON Lines for scripts.
//! Each writes to any `impl Write`, so tests render into a `Vec<u8>`.

pub mod human;
pub mod json;

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use crate::cli::ColorChoice;

/// The one place the colour decision is made: `auto` means stdout is a terminal and NO_COLOR is unset.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
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

/// `text` with the byte ranges in `ranges` (sorted, on char boundaries) painted in `style`.
pub fn paint(text: &str, ranges: &[(usize, usize)], style: Style) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 12);
    let mut at = 0;
    for &(start, end) in ranges {
        let (Some(before), Some(marked)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&format!("{style}{marked}{style:#}"));
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
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
    fn paint_ignores_ranges_out_of_bounds() {
        assert_eq!(paint("abc", &[(2, 10)], Style::new().bold()), "abc");
    }
}
