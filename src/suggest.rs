//! "Did you mean …?" for names a user mistyped: rules, categories.

use crate::rule::Category;

/// The edit distance between two strings (insertions, deletions, substitutions).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The candidate closest to `name`, when it is close enough to be what was meant: a few
/// letters off (about one in three), or the name with words left out or in another order
/// (`fused-links` for `links-fused`).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.trim().to_ascii_lowercase().replace('_', "-");
    if name.is_empty() {
        return None;
    }
    let mut words: Vec<&str> = name.split('-').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let mut d = distance(&name, candidate);
        if d > limit {
            let mut theirs: Vec<&str> = candidate.split('-').collect();
            theirs.sort_unstable();
            if theirs == words {
                d = 1;
            } else if words.len() > 1 && words.iter().all(|w| theirs.contains(w)) {
                d = limit;
            }
        }
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The rule or category closest to `name`.
pub fn rule_or_category(name: &str) -> Option<&'static str> {
    let rules = crate::rules::ALL.iter().map(|r| r.meta().name);
    let categories = Category::ALL.iter().map(|c| c.as_str());
    closest(name, rules.chain(categories))
}

/// `"; did you mean `links-fused`?"`, or nothing.
pub fn hint_rule(name: &str) -> String {
    match rule_or_category(name) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested() {
        assert_eq!(rule_or_category("linkz"), Some("links"));
        assert_eq!(rule_or_category("empty-link-txt"), Some("empty-link-text"));
        assert_eq!(rule_or_category("fused-links"), Some("links-fused"));
        assert_eq!(
            rule_or_category("term_not_preferred"),
            Some("term-not-preferred")
        );
        assert_eq!(rule_or_category("frontmatter"), Some("front-matter"));
        assert_eq!(rule_or_category("banana"), None);
        assert_eq!(rule_or_category(""), None);
    }
}
