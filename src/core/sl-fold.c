/* sl-fold.c — folding text for accent- and case-insensitive search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-fold.h"

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == '`' || c == 0x00B4;
}

static void
append_folded_char (GString  *out,
                    gunichar  c)
{
  char buf[8];
  int len;

  if (c < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower ((char)c));
      return;
    }

  /* People type "soren" for Søren far more often than "soeren". */
  if (c == 0x00F8 || c == 0x00D8)
    {
      g_string_append_c (out, 'o');
      return;
    }

  len = g_unichar_to_utf8 (c, buf);
  buf[len] = '\0';

  {
    /* The C locale transliterates everything GLib knows (é → e, ß → ss,
     * ø → o, ł → l) and answers '?' for what it does not.
     */
    g_autofree char *ascii = g_str_to_ascii (buf, "C");

    if (ascii != NULL && strchr (ascii, '?') == NULL && *ascii != '\0')
      {
        for (const char *p = ascii; *p; p++)
          if (g_ascii_isalnum (*p))
            g_string_append_c (out, g_ascii_tolower (*p));
      }
    else
      {
        g_autofree char *lower = g_utf8_casefold (buf, len);
        g_string_append (out, lower);
      }
  }
}

char *
sl_fold_reference (const char *text)
{
  g_autofree char *normal = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  /* Decomposed, so accents are separate marks that are then dropped. */
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT);
  if (normal == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (normal));

  for (const char *p = normal; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_apostrophe (c))
        continue;

      if (g_unichar_isalnum (c))
        {
          if (pending_space && out->len > 0)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          append_folded_char (out, c);
        }
      else if (g_unichar_ismark (c))
        continue;
      else
        pending_space = TRUE;
    }

  return g_string_free (out, FALSE);
}

/* The fast path: what sl_fold_reference does to each character of
 * U+0080 … U+024F (Latin-1, Latin Extended-A and -B, where nearly all
 * names in an entrant list fall), worked out once. These decompose to at
 * most one base letter and accents, so text of them and ASCII folds one
 * character at a time, without decomposing and copying it as a whole.
 */
#define FAST_FIRST 0x80
#define FAST_LAST 0x24F

typedef enum
{
  FOLD_SLOW,       /* not foldable on its own: the general path */
  FOLD_SKIP,       /* apostrophes: nothing */
  FOLD_SEPARATOR,  /* one space between the words either side */
  FOLD_LETTER,     /* folded is appended */
} FoldKind;

typedef struct
{
  guint8 kind;
  char   folded[7];
} FoldEntry;

static FoldEntry fast_table[FAST_LAST - FAST_FIRST + 1];

/* Valid UTF-8 with no FOLD_SLOW character. */
static char *
fold_fast (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean pending_space = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      guchar b = (guchar)*p;
      const char *folded;
      char ascii[2];
      FoldKind kind;

      if (b < 0x80)
        {
          if (b == '\'' || b == '`')
            kind = FOLD_SKIP;
          else if (g_ascii_isalnum (b))
            kind = FOLD_LETTER;
          else
            kind = FOLD_SEPARATOR;
          ascii[0] = g_ascii_tolower ((char)b);
          ascii[1] = '\0';
          folded = ascii;
        }
      else
        {
          const FoldEntry *entry = &fast_table[g_utf8_get_char (p) - FAST_FIRST];

          kind = entry->kind;
          folded = entry->folded;
        }

      if (kind == FOLD_LETTER)
        {
          if (pending_space && out->len > 0)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append (out, folded);
        }
      else if (kind == FOLD_SEPARATOR)
        pending_space = TRUE;
    }

  return g_string_free (out, FALSE);
}

static gboolean
fast_entry_agrees (const char *c)
{
  const char * const contexts[][2] = {
    { "", "" }, { "a", "b" }, { "a ", "" }, { "", " b" }, { "a ", "b" }, { "a", " b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      g_autofree char *text = g_strconcat (contexts[i][0], c, contexts[i][1], NULL);
      g_autofree char *fast = fold_fast (text);
      g_autofree char *reference = sl_fold_reference (text);

      if (strcmp (fast, reference) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
fast_table_init (void)
{
  for (gunichar c = FAST_FIRST; c <= FAST_LAST; c++)
    {
      FoldEntry *entry = &fast_table[c - FAST_FIRST];
      char buf[8];
      g_autofree char *folded = NULL;
      gsize len;

      buf[g_unichar_to_utf8 (c, buf)] = '\0';
      folded = sl_fold_reference (buf);
      len = strlen (folded);

      /* Guessed from the character alone, then checked in context. */
      if (len == 0 && g_unichar_isalnum (c))
        entry->kind = FOLD_SLOW;
      else if (len == 0 && is_apostrophe (c))
        entry->kind = FOLD_SKIP;
      else if (len == 0)
        entry->kind = FOLD_SEPARATOR;
      else if (len < sizeof entry->folded && strchr (folded, ' ') == NULL)
        {
          entry->kind = FOLD_LETTER;
          memcpy (entry->folded, folded, len + 1);
        }
      else
        entry->kind = FOLD_SLOW;

      if (entry->kind != FOLD_SLOW && !fast_entry_agrees (buf))
        entry->kind = FOLD_SLOW;
    }
}

char *
sl_fold (const char *text)
{
  static gsize table_ready = 0;

  if (text == NULL)
    return g_strdup ("");

  if (g_once_init_enter (&table_ready))
    {
      fast_table_init ();
      g_once_init_leave (&table_ready, 1);
    }

  for (const guchar *p = (const guchar *)text; *p; p++)
    if (*p >= 0x80)
      {
        if (!g_utf8_validate (text, -1, NULL))
          return sl_fold_reference (text);
        for (const char *q = (const char *)p; *q; q = g_utf8_next_char (q))
          {
            gunichar c = (guchar)*q < 0x80 ? (guchar)*q : g_utf8_get_char (q);

            if (c > FAST_LAST || (c >= FAST_FIRST && fast_table[c - FAST_FIRST].kind == FOLD_SLOW))
              return sl_fold_reference (text);
          }
        break;
      }

  return fold_fast (text);
}

static void
append_word (GString    *key,
             const char *word)
{
  gsize len = strlen (word);
  const char *hit;

  if (len == 0)
    return;

  /* Skip words already in the key, so repeated names do not bloat it. */
  for (hit = strstr (key->str, word); hit != NULL; hit = strstr (hit + 1, word))
    {
      gboolean starts = (hit == key->str || hit[-1] == ' ');
      gboolean ends = (hit[len] == '\0' || hit[len] == ' ');
      if (starts && ends)
        return;
    }

  if (key->len > 0)
    g_string_append_c (key, ' ');
  g_string_append (key, word);
}

void
sl_fold_append_key (GString    *key,
                    const char *text)
{
  g_auto(GStrv) words = NULL;

  if (text == NULL || *text == '\0')
    return;

  /* Split on white space first, so "O'Brien-Smith" stays one unit. */
  words = g_strsplit_set (text, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *folded = sl_fold (words[i]);
      g_autofree char *joined = NULL;
      g_auto(GStrv) parts = NULL;
      gboolean has_joiner = FALSE;

      if (*folded == '\0')
        continue;

      /* "o'brien" → "obrien"; "jean-luc" → "jeanluc" as well as the parts. */
      for (const char *p = words[i]; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (c == '-' || c == 0x2010 || c == 0x2011 || is_apostrophe (c))
            has_joiner = TRUE;
        }

      parts = g_strsplit (folded, " ", -1);
      joined = g_strjoinv ("", parts);
      append_word (key, joined);
      if (has_joiner)
        {
          for (guint j = 0; parts[j] != NULL; j++)
            append_word (key, parts[j]);
          /* "O'Brien" folds to "obrien": keep the "o" "brien" parts too. */
          if (g_strv_length (parts) == 1)
            {
              g_autofree char *spaced = NULL;
              GString *s = g_string_new (NULL);
              for (const char *p = words[i]; *p; p = g_utf8_next_char (p))
                {
                  gunichar c = g_utf8_get_char (p);
                  g_string_append_unichar (s, is_apostrophe (c) ? ' ' : c);
                }
              spaced = sl_fold (s->str);
              g_string_free (s, TRUE);
              {
                g_auto(GStrv) sub = g_strsplit (spaced, " ", -1);
                for (guint j = 0; sub[j] != NULL; j++)
                  append_word (key, sub[j]);
              }
            }
        }
    }
}

void
sl_fold_append_code (GString    *key,
                     const char *code)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) parts = NULL;

  if (code == NULL || *code == '\0')
    return;

  folded = sl_fold (code);
  parts = g_strsplit (folded, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    append_word (key, parts[i]);
}
