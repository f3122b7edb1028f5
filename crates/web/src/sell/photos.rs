//! Photo uploads from the seller's forms, and arranging a listing's photos.

use super::listings::{EditPage, render_edit};
use super::{Seller, own_listing};
use crate::accounts::{SignedIn, Visitor};
use crate::error::{Error, PageError};
use crate::forms::PageForm;
use crate::state::AppState;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use bytes::{Bytes, BytesMut};
use echoppe_domain::Timestamp;
use echoppe_media::{UploadError, UploadRefusal};
use echoppe_storage::MAX_LISTING_PHOTOS;
use serde::Deserialize;

/// One file of a multipart form: its bytes, or why they were not even read
/// in full (too heavy).
pub(crate) struct UploadedFile {
    pub(crate) name: String,
    pub(crate) bytes: Result<Bytes, UploadRefusal>,
}

/// The files of a multipart upload form whose CSRF token checked out.
pub(crate) struct UploadedFiles {
    pub(crate) files: Vec<UploadedFile>,
    /// More files than allowed were sent; the extra ones were not read.
    pub(crate) extra: usize,
    /// The avatar form's "remove" button.
    pub(crate) remove_avatar: bool,
}

impl UploadedFiles {
    /// Reads the form field by field. The CSRF token must come before any
    /// file (the forms put it first), so that nothing of a forged request is
    /// even buffered. A file is read up to `max_bytes`; past that its bytes are
    /// counted and dropped, so memory stays bounded by the limit.
    pub(crate) async fn read(
        mut multipart: Multipart,
        visitor: &Visitor,
        max_bytes: usize,
        max_files: usize,
    ) -> Result<Self, Error> {
        let mut verified = false;
        let mut upload = Self { files: Vec::new(), extra: 0, remove_avatar: false };
        while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "csrf" {
                let token = field.text().await.map_err(multipart_error)?;
                visitor.verify_csrf(&token).await?;
                verified = true;
                continue;
            }
            if !verified {
                return Err(Error::Forbidden(
                    "ce formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez",
                ));
            }
            match name.as_str() {
                "photos" | "avatar" => {
                    let file_name = field.file_name().unwrap_or_default().to_owned();
                    let mut buffer = BytesMut::new();
                    let mut total = 0_usize;
                    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                        total = total.saturating_add(chunk.len());
                        if total <= max_bytes {
                            buffer.extend_from_slice(&chunk);
                        }
                    }
                    // A file input left empty still sends an empty, nameless part.
                    if file_name.is_empty() && total == 0 {
                        continue;
                    }
                    if upload.files.len() >= max_files {
                        upload.extra += 1;
                        continue;
                    }
                    let bytes = if total > max_bytes {
                        Err(UploadRefusal::TooLarge { bytes: total, limit: max_bytes })
                    } else {
                        Ok(buffer.freeze())
                    };
                    upload.files.push(UploadedFile { name: file_name, bytes });
                }
                "remove" => upload.remove_avatar = true,
                // Unknown fields are ignored, as browsers may add their own.
                _ => {}
            }
        }
        if !verified {
            return Err(Error::Forbidden(
                "ce formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez",
            ));
        }
        Ok(upload)
    }
}

#[expect(clippy::needless_pass_by_value, reason = "a map_err adapter takes the error by value")]
fn multipart_error(error: MultipartError) -> Error {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Error::PayloadTooLarge(
            "l'envoi dépasse la taille autorisée : envoyez moins de photos à la fois, ou plus légères",
        )
    } else {
        Error::BadRequest {
            param: "photos",
            message: format!("l'envoi est incomplet ou mal formé ({})", error.body_text()),
        }
    }
}

/// "« atelier.heic » a été refusée : ce fichier n'est pas une photo JPEG, PNG ou WebP…"
pub(crate) fn refusal_message(file_name: &str, refusal: &UploadRefusal) -> String {
    if file_name.is_empty() {
        format!("La photo a été refusée : {refusal}.")
    } else {
        format!("« {file_name} » a été refusée : {refusal}.")
    }
}

/// Adds the uploaded photos to a listing. Refused files are named with the
/// reason, the accepted ones are kept either way.
pub(crate) async fn upload(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let seller = Seller::of(&state, signed_in).await?;
    let listing = own_listing(&state, &seller.shop, &id).await?;
    let visitor = &seller.signed_in.visitor;
    let upload = UploadedFiles::read(multipart, visitor, state.settings.uploads.max_bytes, MAX_LISTING_PHOTOS).await?;

    let room = MAX_LISTING_PHOTOS.saturating_sub(listing.photos.len());
    let mut notices = Vec::new();
    let mut accepted = Vec::new();
    if upload.files.is_empty() {
        notices.push("Choisissez au moins une photo avant d'envoyer.".to_owned());
    }
    let mut over_limit = upload.extra;
    for file in upload.files {
        if accepted.len() >= room {
            over_limit += 1;
            continue;
        }
        let outcome = match file.bytes {
            Ok(bytes) => state.photos.accept_upload(bytes, &state.settings.uploads).await,
            Err(refusal) => Err(UploadError::Refused(refusal)),
        };
        match outcome {
            Ok(photo) => accepted.push(photo),
            Err(UploadError::Refused(refusal)) => notices.push(refusal_message(&file.name, &refusal)),
            Err(UploadError::Media(error)) => return Err(Error::from(error).into()),
        }
    }
    let added = state.db.append_listing_photos(listing.id, &accepted, Timestamp::now()).await?;
    over_limit += accepted.len() - added;
    if over_limit > 0 {
        notices
            .push(format!("{over_limit} photo(s) non ajoutée(s) : une annonce a {MAX_LISTING_PHOTOS} photos au plus."));
    }
    if notices.is_empty() {
        visitor.flash(format!("{added} photo(s) ajoutée(s).")).await?;
        return Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response());
    }
    if added > 0 {
        notices.insert(0, format!("{added} photo(s) ajoutée(s)."));
    }
    let listing = state.db.listing(listing.id).await?.ok_or(Error::NotFound)?;
    let page = EditPage::of(listing).with_notices(notices).with_status(StatusCode::UNPROCESSABLE_ENTITY);
    Ok(render_edit(&state, &seller, page).await?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ArrangeForm {
    csrf: String,
    /// The photo's key, so a click on a page that is out of date moves the
    /// photo the seller saw, not whichever now sits at that position.
    key: String,
    /// `cover`, `left`, `right` or `remove`.
    action: String,
}

pub(crate) async fn arrange(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    PageForm(form): PageForm<ArrangeForm>,
) -> Result<Response, PageError> {
    let seller = Seller::of(&state, signed_in).await?;
    let visitor = &seller.signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let listing = own_listing(&state, &seller.shop, &id).await?;
    let mut photos = listing.photos.clone();
    let Some(index) = photos.iter().position(|p| p.key.as_str() == form.key) else {
        visitor.flash("Cette photo n'est plus dans l'annonce.").await?;
        return Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response());
    };
    match form.action.as_str() {
        "cover" => {
            let photo = photos.remove(index);
            photos.insert(0, photo);
        }
        "left" if index > 0 => photos.swap(index, index - 1),
        "right" if index + 1 < photos.len() => photos.swap(index, index + 1),
        "left" | "right" => {}
        "remove" => {
            photos.remove(index);
        }
        other => {
            return Err(Error::BadRequest {
                param: "action",
                message: format!("« {other} » n'est pas une action connue (cover, left, right ou remove)"),
            }
            .into());
        }
    }
    state.db.set_listing_photos(listing.id, &photos, Timestamp::now()).await?;
    if photos.is_empty() && listing.state.is_public() {
        visitor.flash("L'annonce n'a plus de photo : ajoutez-en une pour qu'elle reste attrayante.").await?;
    }
    Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response())
}
