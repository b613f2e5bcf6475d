/* sl-json-image.c — the one writer of the audit log's JSON images
 *
 * Plain appends rather than printf throughout: a bulk import writes 50,000
 * images in one go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-json-image.h"

/* Escapes as SQLite's json_quote () does. */
static void
append_quoted (GString    *out,
               const char *value)
{
  static const char short_escapes[0x20] = {
    [0x08] = 'b', [0x09] = 't', [0x0a] = 'n', [0x0c] = 'f', [0x0d] = 'r',
  };
  const guchar *run = (const guchar *)value;

  g_string_append_c (out, '"');
  for (const guchar *p = run; ; p++)
    {
      /* Plain characters are copied a run at a time. */
      if (*p != '\0' && *p != '"' && *p != '\\' && *p >= 0x20)
        continue;
      g_string_append_len (out, (const char *)run, p - run);
      run = p + 1;
      if (*p == '\0')
        break;
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)*p);
        }
      else if (short_escapes[*p] != 0)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, short_escapes[*p]);
        }
      else
        g_string_append_printf (out, "\\u%04x", *p);
    }
  g_string_append_c (out, '"');
}

/* The separator and, in an object, the member's name: names are the
 * code's own ASCII words and are written as they are, all in one step.
 */
static void
add_name (SlJsonImage *self,
          const char  *name)
{
  GString *out = self->out;
  gboolean comma = !self->first;
  gsize at = out->len;
  gsize len;
  char *p;

  self->first = FALSE;
  if (name == NULL)
    {
      if (comma)
        g_string_append_c (out, ',');
      return;
    }
  len = strlen (name);
  g_string_set_size (out, at + (comma ? 4 : 3) + len);
  p = out->str + at;
  if (comma)
    *p++ = ',';
  *p++ = '"';
  memcpy (p, name, len);
  p += len;
  *p++ = '"';
  *p = ':';
}

void
sl_json_image_begin (SlJsonImage *self,
                     GString     *out)
{
  g_return_if_fail (self != NULL);

  self->owns_out = out == NULL;
  self->out = out != NULL ? out : g_string_sized_new (256);
  self->first = TRUE;
  g_string_append_c (self->out, '{');
}

void
sl_json_image_end (SlJsonImage *self)
{
  g_string_append_c (self->out, '}');
  self->first = FALSE;
}

char *
sl_json_image_end_to_string (SlJsonImage *self)
{
  g_return_val_if_fail (self->owns_out, NULL);

  sl_json_image_end (self);
  self->owns_out = FALSE;
  return g_string_free (g_steal_pointer (&self->out), FALSE);
}

void
sl_json_image_add_string (SlJsonImage *self,
                          const char  *name,
                          const char  *value)
{
  if (value == NULL)
    {
      sl_json_image_add_null (self, name);
      return;
    }
  add_name (self, name);
  append_quoted (self->out, value);
}

void
sl_json_image_add_string_if_set (SlJsonImage *self,
                                 const char  *name,
                                 const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  add_name (self, name);
  append_quoted (self->out, value);
}

/* By hand, as printf is most of the cost of a small number. */
static void
add_number (SlJsonImage *self,
            const char  *name,
            gboolean     negative,
            guint64      magnitude)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    *--p = (char)('0' + magnitude % 10);
  while ((magnitude /= 10) != 0);
  if (negative)
    *--p = '-';
  add_name (self, name);
  g_string_append_len (self->out, p, buf + sizeof buf - p);
}

void
sl_json_image_add_int (SlJsonImage *self,
                       const char  *name,
                       gint64       value)
{
  add_number (self, name, value < 0, value < 0 ? -(guint64)value : (guint64)value);
}

void
sl_json_image_add_uint (SlJsonImage *self,
                        const char  *name,
                        guint64      value)
{
  add_number (self, name, FALSE, value);
}

void
sl_json_image_add_boolean (SlJsonImage *self,
                           const char  *name,
                           gboolean     value)
{
  add_name (self, name);
  g_string_append (self->out, value ? "true" : "false");
}

void
sl_json_image_add_null (SlJsonImage *self,
                        const char  *name)
{
  add_name (self, name);
  g_string_append (self->out, "null");
}

void
sl_json_image_begin_array (SlJsonImage *self,
                           const char  *name)
{
  add_name (self, name);
  g_string_append_c (self->out, '[');
  self->first = TRUE;
}

void
sl_json_image_end_array (SlJsonImage *self)
{
  g_string_append_c (self->out, ']');
  /* The array itself was a member of what encloses it. */
  self->first = FALSE;
}
