/* sl-json-image.h — the one writer of the audit log's JSON images
 *
 * Every before- and after-image of an audit entry, and every summary an
 * entry carries (an import's, an export's), is a JSON object written by
 * this builder from domain values. It writes as SQLite's json_object ()
 * and json_quote () do, so that images written by the store's SQL before
 * it and by it now compare equal byte for byte: no spaces; '"', '\' and
 * control characters escaped (\b \t \n \f \r by name, the others as
 * \u00xx); everything else, UTF-8 included, as it is; integers in plain
 * decimal; members in the order they are added.
 *
 *   SlJsonImage image;
 *
 *   sl_json_image_begin (&image, NULL);
 *   sl_json_image_add_string (&image, "name", race->name);
 *   sl_json_image_add_int (&image, "race_id", wave->race_id);
 *   return sl_json_image_end_to_string (&image);
 *
 * A builder lives on the stack and needs no freeing of its own. Writing
 * into a string of the caller's (a bulk insert's buffer, reused for every
 * row) costs no allocation once the buffer has grown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /*< private >*/
  GString  *out;
  gboolean  owns_out;
  gboolean  first;      /* nothing yet in the innermost object or array */
} SlJsonImage;

/* Opens the image's object, appended to out (NULL: a new string, for
 * sl_json_image_end_to_string).
 */
void   sl_json_image_begin           (SlJsonImage *self,
                                      GString     *out);
/* Closes the image's object. */
void   sl_json_image_end             (SlJsonImage *self);
/* Closes the image's object and returns its text; for a builder begun
 * with out NULL.
 */
char  *sl_json_image_end_to_string   (SlJsonImage *self) G_GNUC_WARN_UNUSED_RESULT;

/* Members. In an array, name is NULL. */
/* A string, or null when value is NULL. */
void   sl_json_image_add_string      (SlJsonImage *self,
                                      const char  *name,
                                      const char  *value);
/* A string, left out when value is NULL or empty (as a store keeps both:
 * the entrant image lists only what is set).
 */
void   sl_json_image_add_string_if_set (SlJsonImage *self,
                                        const char  *name,
                                        const char  *value);
void   sl_json_image_add_int         (SlJsonImage *self,
                                      const char  *name,
                                      gint64       value);
void   sl_json_image_add_uint        (SlJsonImage *self,
                                      const char  *name,
                                      guint64      value);
void   sl_json_image_add_boolean     (SlJsonImage *self,
                                      const char  *name,
                                      gboolean     value);
void   sl_json_image_add_null        (SlJsonImage *self,
                                      const char  *name);
/* An array member: its elements are added with name NULL. */
void   sl_json_image_begin_array     (SlJsonImage *self,
                                      const char  *name);
void   sl_json_image_end_array       (SlJsonImage *self);

G_END_DECLS
