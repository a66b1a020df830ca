//! One declaration per generated struct: [`model_struct!`](crate::model_struct) reads the
//! struct's fields once, each with its JSON key and presence, and hands them to
//! [`struct_constructor!`](crate::struct_constructor) and
//! [`struct_serde!`](crate::struct_serde) (or to serde's derive).

/// A generated struct, declared once: the struct itself, its constructor and setters
/// ([`struct_constructor!`](crate::struct_constructor)) and its `Serialize` /
/// `Deserialize` ([`struct_serde!`](crate::struct_serde)):
///
/// ```ignore
/// crate::model_struct! {
///     /// An agent.
///     pub struct Agent {
///         /// The agent's id.
///         #[required = "id"]
///         pub id: String,
///         #[required = "managerId"]
///         pub manager_id: Option<String>,
///         #[optional = "displayName"]
///         #[deprecated]
///         pub display_name: Option<String>,
///     }
/// }
/// ```
///
/// Each field is its docs, then `#[required = "key"]` or `#[optional = "key"]` (its JSON
/// key), then its other attributes, then `pub name: Type,`:
///
/// - `required`: must be there and is written always; an argument of `new`. A required
///   `Option<T>` (nullable) may be `null` or absent (`None`), and `None` is written as
///   `null`.
/// - `optional`: the type is `Option<T>`; absent or `null` is `None`, `None` is not
///   written; `new` leaves it `None`, and a method of the field's name sets it.
///
/// The struct gets `#[derive(Debug, Clone, PartialEq)]` and `#[non_exhaustive]` after its
/// own attributes. A struct whose JSON carries a constant tag starts with
/// `#[serde(tag = "_type", rename = "Name")]` and keeps serde's derive, with each
/// field's key and presence as its `#[serde(...)]` attribute.
///
/// prettyplease may break a long type over lines with a trailing comma (`Option<\n    T,\n>`);
/// it is accepted.
///
/// Every field is one repetition with the two presences as optional groups (`optional`
/// first: a type may only be followed by `,`), so that each struct is one match of one
/// arm, without recursion.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! model_struct {
    (
        #[serde(tag = $tag_key:literal, rename = $tag_value:literal)]
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $(
                    #[optional = $optional_key:literal]
                    $(#[$optional_attr:meta])*
                    pub $optional:ident: Option<$optional_ty:ty $(,)?>
                )?
                $(
                    #[required = $required_key:literal]
                    $(#[$required_attr:meta])*
                    pub $required:ident: $required_ty:ty
                )?
                ,
            )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        #[serde(tag = $tag_key, rename = $tag_value)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                $(
                    $(#[$optional_attr])*
                    #[serde(rename = $optional_key, default, skip_serializing_if = "Option::is_none")]
                    pub $optional: Option<$optional_ty>,
                )?
                $(
                    $(#[$required_attr])*
                    #[serde(rename = $required_key)]
                    pub $required: $required_ty,
                )?
            )*
        }

        $crate::struct_constructor!(
            $name,
            [$($(($required, $required_ty),)?)*],
            [$($(($optional, $optional_ty),)?)*],
        );
    };
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $(
                    #[optional = $optional_key:literal]
                    $(#[$optional_attr:meta])*
                    pub $optional:ident: Option<$optional_ty:ty $(,)?>
                )?
                $(
                    #[required = $required_key:literal]
                    $(#[$required_attr:meta])*
                    pub $required:ident: $required_ty:ty
                )?
                ,
            )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                $($(#[$optional_attr])* pub $optional: Option<$optional_ty>,)?
                $($(#[$required_attr])* pub $required: $required_ty,)?
            )*
        }

        $crate::struct_constructor!(
            $name,
            [$($(($required, $required_ty),)?)*],
            [$($(($optional, $optional_ty),)?)*],
        );

        $crate::struct_serde!(
            $name
            $($(, optional($optional, $optional_key))? $(, required($required, $required_key))?)*
        );
    };
}

// Deprecated fields are declared like the others; the generated files allow their use
// in the impls the same way.
#[cfg(test)]
#[allow(deprecated)]
mod tests {
    use serde_json::json;

    crate::model_struct! {
        /// A comment.
        pub struct Comment {
            /// The id.
            #[required = "id"]
            pub id: String,
            #[required = "editedAt"]
            pub edited_at: Option<String>,
            #[optional = "parent"]
            pub parent: Option<Box<Comment>>,
            #[optional = "type"]
            #[deprecated]
            pub r#type: Option<
                String,
            >,
        }
    }

    #[test]
    fn one_declaration_gives_the_constructor_setters_and_wire_form() {
        let comment = Comment::new("c2", None::<String>)
            .parent(Comment::new("c1", Some("today".to_string())))
            .r#type("note");
        let wire = json!({
            "id": "c2",
            "editedAt": null,
            "parent": {"id": "c1", "editedAt": "today"},
            "type": "note",
        });
        assert_eq!(serde_json::to_value(&comment).unwrap(), wire);
        assert_eq!(serde_json::from_value::<Comment>(wire).unwrap(), comment);
        // A nullable required field may be absent; a plain required one may not.
        let bare: Comment = serde_json::from_value(json!({"id": "c3"})).unwrap();
        assert_eq!(bare, Comment::new("c3", None::<String>));
        let err = serde_json::from_value::<Comment>(json!({"editedAt": null})).unwrap_err();
        assert!(err.to_string().starts_with("missing field `id`"), "{err}");
    }

    crate::model_struct! {
        #[serde(tag = "_type", rename = "Import")]
        pub struct Import {
            #[required = "channelName"]
            pub channel_name: String,
            #[optional = "externalId"]
            pub external_id: Option<String>,
        }
    }

    #[test]
    fn a_struct_with_a_constant_tag_writes_it_first() {
        let import = Import::new("email").external_id("x1");
        let wire = json!({"_type": "Import", "channelName": "email", "externalId": "x1"});
        assert_eq!(
            serde_json::to_string(&import).unwrap(),
            r#"{"_type":"Import","channelName":"email","externalId":"x1"}"#
        );
        assert_eq!(serde_json::from_value::<Import>(wire).unwrap(), import);
        let no_id = json!({"_type": "Import", "channelName": "email"});
        assert_eq!(serde_json::to_value(Import::new("email")).unwrap(), no_id);
        // serde's derive writes a struct's tag and does not require it on reading.
        let untagged: Import = serde_json::from_value(json!({"channelName": "email"})).unwrap();
        assert_eq!(untagged, Import::new("email"));
    }
}
