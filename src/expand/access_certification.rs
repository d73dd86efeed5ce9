//! Being written.

use super::Expansion;
use crate::diagnostic::Diagnostic;
use crate::model::{ElRef, Model};

pub fn expand<'a>(
    _model: &Model<'a>,
    _s: ElRef<'a>,
    _diags: &mut Vec<Diagnostic>,
) -> Option<Expansion<'a>> {
    None
}
