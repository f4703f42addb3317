//! A bound on how deeply a query nests. tantivy's parser and query builder recurse once
//! per level, so thousands of parentheses or NOTs would overflow the stack; the bound is
//! on nesting only, never on the number of terms (a question of 400 words still runs).

/// Levels of nesting a query may have: far above what a person types.
pub const MAX_DEPTH: usize = 100;

/// How deeply `query` nests: open parentheses, plus the chain of `NOT`, `-` and `+` in
/// front of one operand. Text inside quotes is a phrase and does not nest.
pub fn depth(query: &str) -> usize {
    let (mut deepest, mut parens, mut unary) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for chunk in query.split_whitespace() {
        if quoted {
            quoted = chunk.matches('"').count() % 2 == 0;
            continue;
        }
        let opening = chunk.len() - chunk.trim_start_matches(['(', '-', '+']).len();
        for c in chunk[..opening].chars() {
            match c {
                '(' => parens += 1,
                _ => unary += 1,
            }
            deepest = deepest.max(parens + unary);
        }
        let rest = &chunk[opening..];
        let body = rest.trim_end_matches(')');
        if body == "NOT" {
            unary += 1;
        } else if !body.is_empty() {
            unary = 0;
        }
        deepest = deepest.max(parens + unary);
        parens = parens.saturating_sub(rest.len() - body.len());
        quoted = body.matches('"').count() % 2 == 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parentheses_and_not_chains_nest_and_terms_do_not() {
        assert_eq!(depth("proprietary flagship"), 0);
        assert_eq!(depth("(a OR b) AND (c OR (d AND e))"), 2);
        assert_eq!(depth("a AND NOT b"), 1);
        assert_eq!(depth(&"NOT ".repeat(1000)), 1000);
        assert_eq!(depth(&format!("{}meta{}", "(".repeat(5000), ")".repeat(5000))), 5000);
        assert_eq!(depth("---meta"), 3);
        assert_eq!(depth(&"word ".repeat(400)), 0, "many terms are not deep");
        assert_eq!(depth("\"(((( NOT NOT\" x"), 0, "a phrase does not nest");
    }
}
