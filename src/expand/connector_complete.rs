//! `CreateConnectorSynchroComplete` (`scaffoldings.md` section 2): the complete
//! synchronization job of one connector, on the machinery of the incremental one.

use super::connector_incremental::connector_job;
use super::sync::Mode;
use super::Expansion;
use crate::diagnostic::Diagnostic;
use crate::model::{ElRef, Model};

/// Expands one `CreateConnectorSynchroComplete` into its `<Job>`.
pub fn expand<'a>(
    model: &Model<'a>,
    s: ElRef<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Expansion<'a>> {
    connector_job(model, s, diags, Mode::Complete)
}
