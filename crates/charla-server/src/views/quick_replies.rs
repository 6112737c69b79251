//! Quick replies and their categories (CONV-8).

use charla_db::repo::quick_replies::{CategoryRow, ReplyRow};
use charla_domain::quick_replies::variables;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CategoryView {
    pub id: Uuid,
    pub name: String,
    pub created_at: Ts,
}

impl From<&CategoryRow> for CategoryView {
    fn from(c: &CategoryRow) -> Self {
        CategoryView { id: c.id, name: c.name.clone(), created_at: c.created_at.0 }
    }
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QuickReplyView {
    pub id: Uuid,
    pub category_id: Option<Uuid>,
    pub title: String,
    /// The text, with `{{contact.name}}`-style variables.
    pub text: String,
    /// The variables the text uses (`contact.name`, ...), each once, in order of first use.
    pub variables: Vec<String>,
    pub created_by: Option<Uuid>,
    pub updated_at: Ts,
}

impl From<&ReplyRow> for QuickReplyView {
    fn from(r: &ReplyRow) -> Self {
        QuickReplyView {
            id: r.id,
            category_id: r.category_id,
            title: r.title.clone(),
            text: r.text.clone(),
            variables: variables(&r.text),
            created_by: r.created_by,
            updated_at: r.updated_at.0,
        }
    }
}

/// A quick reply's text with a conversation's variables filled in.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct RenderedReplyView {
    pub text: String,
}
