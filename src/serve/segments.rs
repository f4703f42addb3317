//! Highlights as segments of text, `[[text, is_match], ...]`: a byte range means nothing to
//! JavaScript, whose strings count UTF-16 units, but pieces of text join back in any language.

/// `text` cut at its highlights (byte ranges), each piece with whether it is a match. Ranges
/// out of order, overlapping, past the end or off a character boundary are skipped.
pub fn segments<'a>(text: &'a str, highlights: &[(usize, usize)]) -> Vec<(&'a str, bool)> {
    let mut ranges: Vec<(usize, usize)> = highlights.to_vec();
    ranges.sort_unstable();
    let mut out = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for (start, end) in ranges {
        let usable = start >= at
            && start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !usable {
            continue;
        }
        if start > at {
            out.push((&text[at..start], false));
        }
        out.push((&text[start..end], true));
        at = end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn pieces_join_back_into_the_text_with_the_matches_marked() {
        let text = "Zürich’s Modelle und Modell";
        let start = text.find("Modelle").unwrap();
        let last = text.rfind("Modell").unwrap();
        let got = segments(text, &[(last, text.len()), (start, start + "Modelle".len())]);
        assert_eq!(got, [("Zürich’s ", false), ("Modelle", true), (" und ", false), ("Modell", true)]);
    }

    #[test]
    fn broken_ranges_are_skipped_not_panicked_on() {
        let text = "Zürich";
        // 2 is inside 'ü'; 3..100 runs past the end; 1..1 is empty.
        let got = segments(text, &[(0, 2), (3, 100), (1, 1)]);
        assert_eq!(got, [("Zürich", false)]);
        assert_eq!(segments("", &[]), []);
    }
}
