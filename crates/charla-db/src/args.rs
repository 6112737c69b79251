//! Bind values for statements assembled at run time (list filters), so a query that
//! names only the filters given stays one SQL text on both databases.

use uuid::Uuid;

use crate::DbTs;

#[derive(Clone, Debug)]
pub enum Arg {
    Uuid(Uuid),
    Text(String),
    Int(i64),
    Real(f64),
    Bool(bool),
    Ts(DbTs),
}

/// A statement's text and its arguments, numbered `$1..$n` as they are pushed.
#[derive(Clone, Debug, Default)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql { text: text.to_owned(), args: Vec::new() }
    }

    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

/// Binds every `Arg` of a `Sql` to a query of either backend.
#[macro_export]
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                $crate::args::Arg::Uuid(v) => q.bind(*v),
                $crate::args::Arg::Text(v) => q.bind(v.clone()),
                $crate::args::Arg::Int(v) => q.bind(*v),
                $crate::args::Arg::Real(v) => q.bind(*v),
                $crate::args::Arg::Bool(v) => q.bind(*v),
                $crate::args::Arg::Ts(v) => q.bind(*v),
            };
        }
        q
    }};
}
