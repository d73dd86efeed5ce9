//! `check --format github`: one workflow command per diagnostic, for annotations on pull
//! requests.

use super::escape_control;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Sources;

/// Escapes a property value of a workflow command (`%`, CR, LF, `:` and `,`), then the
/// other control characters as `\u{1b}` (they must not reach the log raw).
fn property(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C");
    escape_control(&s).into_owned()
}

/// Escapes the message of a workflow command (`%`, CR, LF), then the other control
/// characters as `\u{1b}`.
fn data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_control(&s).into_owned()
}

/// `path_prefix` is prepended to each file's path to make it relative to the current
/// directory (the configuration folder as given on the command line, with `/`).
pub fn render(sources: &Sources, diags: &[Diagnostic], path_prefix: &str) -> String {
    let mut out = String::new();
    for d in diags {
        let f = sources.file(d.primary.file);
        let a = f.line_col(d.primary.range.start);
        let b = f.line_col(d.primary.range.end);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&join(path_prefix, &f.path)),
            a.line,
            a.column,
            b.line,
            b.column,
            property(d.code.code()),
            data(&message)
        ));
    }
    out
}

/// GitHub shows at most this many annotations of each kind (errors, warnings) per step.
pub const ANNOTATIONS_PER_STEP: usize = 10;

/// The closing notice: the counts, and how many findings GitHub does not show as
/// annotations past its limit per step (they are in the log above).
pub fn notice(diags: &[Diagnostic], files: usize, root: &str, config: &str) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let mut text = super::human::summary(diags, files, root, config);
    // Infos are notices too, and this summary is one more.
    let infos = diags.len() - errors - warnings;
    let hidden = errors.saturating_sub(ANNOTATIONS_PER_STEP)
        + warnings.saturating_sub(ANNOTATIONS_PER_STEP)
        + (infos + 1).saturating_sub(ANNOTATIONS_PER_STEP).min(infos);
    if hidden > 0 {
        text.push_str(&format!(
            "; GitHub shows {ANNOTATIONS_PER_STEP} annotations of each kind per step: {hidden} more are in this log only"
        ));
    }
    format!("::notice title=scaffc::{}\n", data(&text))
}

/// `prefix/path`, without a doubled or a leading `./`.
pub fn join(prefix: &str, path: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() || prefix == "." {
        path.to_string()
    } else {
        format!("{prefix}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(data("50% a:b,c\r\n"), "50%25 a:b,c%0D%0A");
        assert_eq!(property("a\u{1b}[2J\t"), "a\\u{1b}[2J\t");
        assert_eq!(data("X\u{1b}]0;P\u{7}\n"), "X\\u{1b}]0;P\\u{7}%0A");
        assert_eq!(join("./", "x.xml"), "x.xml");
        assert_eq!(join("Conf/", "AD/x.xml"), "Conf/AD/x.xml");
    }
}
