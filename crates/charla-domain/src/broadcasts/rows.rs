//! One row of a broadcast's sheet: the checks it must pass, in the order a person fixing
//! the sheet would want them, and what a good row sends.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::columns::{Column, Header};
use crate::contacts::normalize_phone;
use crate::outbound::template::{Variables, render};

/// WhatsApp's limit on a template body with its variables filled in.
pub const BODY_MAX: usize = 1024;

/// Why a row is left out. The wire spelling is the code a client translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowCode {
    InvalidNumber,
    UnknownSender,
    UnknownTemplate,
    /// The template has several languages and the row names none.
    LanguageRequired,
    TemplateNotApproved,
    MissingVariables,
    TooLong,
    DuplicateRecipient,
    OptedOut,
}

impl RowCode {
    pub const ALL: [RowCode; 9] = [
        RowCode::InvalidNumber,
        RowCode::UnknownSender,
        RowCode::UnknownTemplate,
        RowCode::LanguageRequired,
        RowCode::TemplateNotApproved,
        RowCode::MissingVariables,
        RowCode::TooLong,
        RowCode::DuplicateRecipient,
        RowCode::OptedOut,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            RowCode::InvalidNumber => "invalid_number",
            RowCode::UnknownSender => "unknown_sender",
            RowCode::UnknownTemplate => "unknown_template",
            RowCode::LanguageRequired => "language_required",
            RowCode::TemplateNotApproved => "template_not_approved",
            RowCode::MissingVariables => "missing_variables",
            RowCode::TooLong => "too_long",
            RowCode::DuplicateRecipient => "duplicate_recipient",
            RowCode::OptedOut => "opted_out",
        }
    }

    pub fn parse(code: &str) -> Option<RowCode> {
        RowCode::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

/// A sending number: a WhatsApp channel, found by its display number's digits.
#[derive(Clone, Debug)]
pub struct SenderInfo {
    pub channel_id: Uuid,
    pub waba_id: String,
}

/// A template of a business account as the sheet can use it.
#[derive(Clone, Debug)]
pub struct TemplateInfo {
    pub id: Uuid,
    pub name: String,
    pub language: String,
    pub approved: bool,
    pub marketing: bool,
    pub variables: Variables,
    pub body: String,
}

/// The organization's numbers and templates, read once per import.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    senders: HashMap<String, SenderInfo>,
    templates: HashMap<(String, String), Vec<TemplateInfo>>,
}

fn digits(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

/// Languages compare without case and with `-` or `_` alike (`es_MX`, `es-mx`).
fn same_language(a: &str, b: &str) -> bool {
    a.replace('-', "_").eq_ignore_ascii_case(&b.replace('-', "_"))
}

impl Catalogue {
    pub fn add_sender(&mut self, display_number: &str, sender: SenderInfo) {
        let key = digits(display_number);
        if !key.is_empty() {
            self.senders.entry(key).or_insert(sender);
        }
    }

    pub fn add_template(&mut self, waba_id: &str, template: TemplateInfo) {
        self.templates.entry((waba_id.to_owned(), template.name.clone())).or_default().push(template);
    }

    fn sender(&self, raw: &str) -> Option<&SenderInfo> {
        self.senders.get(&digits(raw))
    }
}

/// A good row: what one recipient will be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub channel_id: Uuid,
    /// E.164.
    pub recipient: String,
    pub template_id: Uuid,
    pub template_name: String,
    pub language: String,
    pub marketing: bool,
    /// In the body's order, each with its name for named templates.
    pub parameters: Vec<(Option<String>, String)>,
}

/// A bad row's first problem and the column (as the header writes it) where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub column: String,
    pub code: RowCode,
}

/// Distinct senders, recipients and templates among the good rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub senders: usize,
    pub recipients: usize,
    pub templates: usize,
}

/// Checks rows in order, remembering who already gets a message from which number.
pub struct RowChecker<'a> {
    header: &'a Header,
    catalogue: &'a Catalogue,
    pairs: HashSet<(Uuid, String)>,
    senders: HashSet<Uuid>,
    recipients: HashSet<String>,
    templates: HashSet<Uuid>,
}

impl<'a> RowChecker<'a> {
    pub fn new(header: &'a Header, catalogue: &'a Catalogue) -> Self {
        RowChecker {
            header,
            catalogue,
            pairs: HashSet::new(),
            senders: HashSet::new(),
            recipients: HashSet::new(),
            templates: HashSet::new(),
        }
    }

    pub fn summary(&self) -> Summary {
        Summary { senders: self.senders.len(), recipients: self.recipients.len(), templates: self.templates.len() }
    }

    /// The recipient of a row as it would be stored, to look its opt-out up before `check`.
    pub fn recipient_of<S: AsRef<str>>(&self, cells: &[S]) -> Option<String> {
        normalize_phone(self.header.cell(cells, &Column::Recipient))
    }

    fn reject(&self, column: &Column, code: RowCode) -> Rejection {
        Rejection { column: self.header.name_of(column), code }
    }

    /// The row's first problem, or what it sends. `opted_out` says whether a recipient
    /// asked for no more marketing; only marketing templates heed it.
    pub fn check<S: AsRef<str>>(&mut self, cells: &[S], opted_out: bool) -> Result<Accepted, Rejection> {
        let h = self.header;
        let recipient = normalize_phone(h.cell(cells, &Column::Recipient))
            .ok_or_else(|| self.reject(&Column::Recipient, RowCode::InvalidNumber))?;
        let sender = self
            .catalogue
            .sender(h.cell(cells, &Column::Sender))
            .ok_or_else(|| self.reject(&Column::Sender, RowCode::UnknownSender))?;
        let template = self.template(cells, &sender.waba_id)?;
        if !template.approved {
            return Err(self.reject(&Column::Template, RowCode::TemplateNotApproved));
        }
        let parameters = self.parameters(cells, &template.variables)?;
        if render(&template.body, &parameters).chars().count() > BODY_MAX {
            return Err(Rejection {
                column: self.longest_variable(cells, &template.variables),
                code: RowCode::TooLong,
            });
        }
        if template.marketing && opted_out {
            return Err(self.reject(&Column::Recipient, RowCode::OptedOut));
        }
        if !self.pairs.insert((sender.channel_id, recipient.clone())) {
            return Err(self.reject(&Column::Recipient, RowCode::DuplicateRecipient));
        }
        self.senders.insert(sender.channel_id);
        self.recipients.insert(recipient.clone());
        self.templates.insert(template.id);
        Ok(Accepted {
            channel_id: sender.channel_id,
            recipient,
            template_id: template.id,
            template_name: template.name.clone(),
            language: template.language.clone(),
            marketing: template.marketing,
            parameters,
        })
    }

    fn template<S: AsRef<str>>(&self, cells: &[S], waba: &str) -> Result<&'a TemplateInfo, Rejection> {
        let name = self.header.cell(cells, &Column::Template);
        let Some(versions) = self.catalogue.templates.get(&(waba.to_owned(), name.to_owned())) else {
            return Err(self.reject(&Column::Template, RowCode::UnknownTemplate));
        };
        let language = self.header.cell(cells, &Column::Language);
        if language.is_empty() {
            return match versions.as_slice() {
                [only] => Ok(only),
                _ => Err(Rejection { column: "language".to_owned(), code: RowCode::LanguageRequired }),
            };
        }
        versions
            .iter()
            .find(|t| same_language(&t.language, language))
            .ok_or_else(|| self.reject(&Column::Language, RowCode::UnknownTemplate))
    }

    fn variable_columns(variables: &Variables) -> Vec<Column> {
        match variables {
            Variables::Positional(n) => (1..=*n).map(Column::Var).collect(),
            Variables::Named(names) => names.iter().map(|n| Column::Named(n.clone())).collect(),
        }
    }

    fn column_label(&self, column: &Column) -> String {
        match (self.header.name_of(column), column) {
            (name, _) if !name.is_empty() => name,
            (_, Column::Var(n)) => format!("var{n}"),
            (_, Column::Named(name)) => name.clone(),
            _ => String::new(),
        }
    }

    fn parameters<S: AsRef<str>>(
        &self,
        cells: &[S],
        variables: &Variables,
    ) -> Result<Vec<(Option<String>, String)>, Rejection> {
        let mut out = Vec::new();
        for column in Self::variable_columns(variables) {
            let value = self.header.cell(cells, &column);
            if value.is_empty() {
                return Err(Rejection { column: self.column_label(&column), code: RowCode::MissingVariables });
            }
            let name = match &column {
                Column::Named(name) => Some(name.clone()),
                _ => None,
            };
            out.push((name, value.to_owned()));
        }
        Ok(out)
    }

    fn longest_variable<S: AsRef<str>>(&self, cells: &[S], variables: &Variables) -> String {
        Self::variable_columns(variables)
            .into_iter()
            .max_by_key(|c| self.header.cell(cells, c).chars().count())
            .map(|c| self.column_label(&c))
            .unwrap_or_else(|| self.header.name_of(&Column::Template))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::columns::read_header;
    use super::*;

    const WABA: &str = "waba-1";

    fn catalogue() -> (Catalogue, Uuid) {
        let channel = Uuid::from_u128(1);
        let mut c = Catalogue::default();
        c.add_sender("+1 555-078-3881", SenderInfo { channel_id: channel, waba_id: WABA.into() });
        let template = |id: u128, name: &str, language: &str, approved: bool, body: &str| TemplateInfo {
            id: Uuid::from_u128(id),
            name: name.into(),
            language: language.into(),
            approved,
            marketing: name.starts_with("promo"),
            variables: crate::outbound::template::variables(body),
            body: body.into(),
        };
        c.add_template(WABA, template(10, "promo_enero", "es", true, "Hola {{1}}, {{2}} de descuento"));
        c.add_template(WABA, template(11, "order", "es_MX", true, "Hola {{first_name}}"));
        c.add_template(WABA, template(12, "order", "en_US", true, "Hi {{first_name}}"));
        c.add_template(WABA, template(13, "cart", "es", false, "Tu carrito"));
        (c, channel)
    }

    fn header() -> Header {
        read_header(&["remitente", "destinatario", "plantilla", "idioma", "var1", "var2", "first_name"]).unwrap()
    }

    fn check(checker: &mut RowChecker, row: [&str; 7]) -> Result<Accepted, Rejection> {
        checker.check(&row, false)
    }

    #[test]
    fn a_good_row_sends_its_variables_in_order() {
        let (c, channel) = catalogue();
        let h = header();
        let mut checker = RowChecker::new(&h, &c);
        let ok = check(&mut checker, ["15550783881", "+57 300 123 4567", "promo_enero", "", "Ana", "25%", ""]).unwrap();
        assert_eq!(ok.channel_id, channel);
        assert_eq!(ok.recipient, "+573001234567");
        assert_eq!(ok.parameters, [(None, "Ana".into()), (None, "25%".into())]);
        let named = check(&mut checker, ["15550783881", "573001234568", "order", "es-mx", "", "", "Juan"]).unwrap();
        assert_eq!(named.language, "es_MX");
        assert_eq!(named.parameters, [(Some("first_name".into()), "Juan".into())]);
        assert_eq!(checker.summary(), Summary { senders: 1, recipients: 2, templates: 2 });
    }

    #[test]
    fn each_bad_row_says_its_first_problem_and_column() {
        let (c, _) = catalogue();
        let h = header();
        let mut checker = RowChecker::new(&h, &c);
        let long = "x".repeat(BODY_MAX);
        let cases: [([&str; 7], &str, RowCode); 8] = [
            (["15550783881", "12", "promo_enero", "", "a", "b", ""], "destinatario", RowCode::InvalidNumber),
            (["999", "573001234567", "promo_enero", "", "a", "b", ""], "remitente", RowCode::UnknownSender),
            (["15550783881", "573001234567", "nope", "", "a", "b", ""], "plantilla", RowCode::UnknownTemplate),
            (["15550783881", "573001234567", "order", "fr", "", "", "J"], "idioma", RowCode::UnknownTemplate),
            (["15550783881", "573001234567", "order", "", "", "", "J"], "language", RowCode::LanguageRequired),
            (["15550783881", "573001234567", "cart", "", "", "", ""], "plantilla", RowCode::TemplateNotApproved),
            (["15550783881", "573001234567", "promo_enero", "", "a", " ", ""], "var2", RowCode::MissingVariables),
            (["15550783881", "573001234567", "promo_enero", "", "a", &long, ""], "var2", RowCode::TooLong),
        ];
        for (row, column, code) in cases {
            assert_eq!(check(&mut checker, row), Err(Rejection { column: column.into(), code }), "{row:?}");
        }
        assert_eq!(checker.summary(), Summary::default());
    }

    #[test]
    fn a_recipient_twice_from_one_number_is_a_duplicate_and_opt_outs_skip_only_marketing() {
        let (c, _) = catalogue();
        let h = header();
        let mut checker = RowChecker::new(&h, &c);
        let row = ["15550783881", "573001234567", "promo_enero", "", "a", "b", ""];
        assert_eq!(checker.check(&row, true).unwrap_err().code, RowCode::OptedOut);
        assert!(checker.check(&row, false).is_ok());
        assert_eq!(checker.check(&row, false).unwrap_err().code, RowCode::DuplicateRecipient);
        let utility = ["15550783881", "573009999999", "order", "es_MX", "", "", "J"];
        assert!(checker.check(&utility, true).is_ok());
    }

    #[test]
    fn codes_round_trip() {
        for code in RowCode::ALL {
            assert_eq!(RowCode::parse(code.as_str()), Some(code));
        }
    }
}
