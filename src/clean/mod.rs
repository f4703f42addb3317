//! Placeholder until the cleaner lands: keeps every line. Same API as the real one.

use serde::Serialize;

pub const CLEANER_VERSION: u32 = 0;

#[derive(Debug, Clone, Serialize)]
pub struct Cleaned {
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub site: Option<String>,
    pub sources: Vec<String>,
    pub lang: String,
    pub body: String,
    pub removed: Vec<Removed>,
    pub fragments: Vec<Fragment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_end: Option<usize>,
    pub text: String,
    pub reason: Reason,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fragment {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_end: Option<usize>,
    pub lang: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    RepeatedTitle,
    Other,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::RepeatedTitle => "repeated-title",
            Reason::Other => "other",
        }
    }
    pub fn describe(self) -> &'static str {
        self.as_str()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Templates {
    _seen: usize,
}

impl Templates {
    pub fn learn(&mut self, _text: &str) {}
}

pub fn clean(text: &str, _templates: &Templates) -> Cleaned {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let title = lines.next().unwrap_or_default().trim().to_string();
    let body: Vec<&str> = lines.collect();
    Cleaned {
        title,
        subtitle: None,
        author: None,
        date: None,
        site: None,
        sources: Vec::new(),
        lang: "eng".into(),
        body: body.join("\n"),
        removed: Vec::new(),
        fragments: Vec::new(),
    }
}
