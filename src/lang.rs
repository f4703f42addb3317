//! Language codes: ISO 639-3 as whatlang names them everywhere in output; options also take ISO 639-1.

use whatlang::Lang;

/// ISO 639-1 codes of the languages whatlang knows, mapped to its ISO 639-3 names.
#[rustfmt::skip]
const ISO_639_1: &[(&str, &str)] = &[
    ("af", "afr"), ("ak", "aka"), ("am", "amh"), ("ar", "ara"), ("az", "aze"),
    ("be", "bel"), ("bg", "bul"), ("bn", "ben"), ("ca", "cat"), ("cs", "ces"),
    ("da", "dan"), ("de", "deu"), ("el", "ell"), ("en", "eng"),
    ("eo", "epo"), ("es", "spa"), ("et", "est"), ("fa", "pes"), ("fi", "fin"),
    ("fr", "fra"), ("gu", "guj"), ("he", "heb"), ("hi", "hin"), ("hr", "hrv"),
    ("hu", "hun"), ("hy", "hye"), ("id", "ind"), ("it", "ita"), ("ja", "jpn"),
    ("jv", "jav"), ("ka", "kat"), ("km", "khm"), ("kn", "kan"), ("ko", "kor"),
    ("la", "lat"), ("lt", "lit"), ("lv", "lav"), ("mk", "mkd"), ("ml", "mal"),
    ("mr", "mar"), ("my", "mya"), ("ne", "nep"), ("nl", "nld"), ("nb", "nob"),
    ("no", "nob"), ("or", "ori"), ("pa", "pan"), ("pl", "pol"), ("pt", "por"),
    ("ro", "ron"), ("ru", "rus"), ("si", "sin"), ("sk", "slk"), ("sl", "slv"),
    ("sn", "sna"), ("sr", "srp"), ("sv", "swe"), ("ta", "tam"), ("te", "tel"),
    ("th", "tha"), ("tk", "tuk"), ("tl", "tgl"), ("tr", "tur"), ("uk", "ukr"),
    ("ur", "urd"), ("uz", "uzb"), ("vi", "vie"), ("yi", "yid"), ("zh", "cmn"),
    ("zu", "zul"),
];

/// The ISO 639-3 code for a language given as ISO 639-3 (`eng`) or ISO 639-1 (`en`), any case.
pub fn normalize(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_lowercase();
    if let Some(lang) = Lang::from_code(code.as_str()) {
        return Some(lang.code());
    }
    ISO_639_1
        .iter()
        .find(|(short, _)| *short == code)
        .and_then(|(_, long)| Lang::from_code(*long))
        .map(|lang| lang.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_both_code_forms() {
        assert_eq!(normalize("eng"), Some("eng"));
        assert_eq!(normalize("en"), Some("eng"));
        assert_eq!(normalize("KO"), Some("kor"));
        assert_eq!(normalize("de"), Some("deu"));
        assert_eq!(normalize("zz"), None);
    }

    #[test]
    fn every_short_code_maps_to_a_known_language() {
        for (short, long) in ISO_639_1 {
            assert!(Lang::from_code(*long).is_some(), "{short} -> {long}");
        }
    }
}
