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

/* Letters of names that GLib's transliteration leaves out, written as a
 * keyboard without them would: Pınar, Đorđević, Məmmədov, Þórunn, Borġ.
 */
static const struct
{
  gunichar    c;
  const char *ascii;
} plain_letters[] = {
  { 0x0131, "i" },  /* ı, Turkish and Azerbaijani dotless i */
  { 0x0110, "d" },  /* Đ, Croatian, Serbian, Vietnamese */
  { 0x0111, "d" },  /* đ */
  { 0x00D0, "d" },  /* Ð, Icelandic eth */
  { 0x00F0, "d" },  /* ð */
  { 0x00DE, "th" }, /* Þ, Icelandic thorn */
  { 0x00FE, "th" }, /* þ */
  { 0x0126, "h" },  /* Ħ, Maltese */
  { 0x0127, "h" },  /* ħ */
  { 0x0166, "t" },  /* Ŧ, Sámi */
  { 0x0167, "t" },  /* ŧ */
  { 0x014A, "n" },  /* Ŋ, Sámi */
  { 0x014B, "n" },  /* ŋ */
  { 0x018F, "e" },  /* Ə, Azerbaijani schwa */
  { 0x0259, "e" },  /* ə */
  { 0x0197, "i" },  /* Ɨ */
  { 0x0268, "i" },  /* ɨ */
};

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

  for (guint i = 0; i < G_N_ELEMENTS (plain_letters); i++)
    if (plain_letters[i].c == c)
      {
        g_string_append (out, plain_letters[i].ascii);
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

/* Appends the folding of text[0, len), valid UTF-8 with no FOLD_SLOW
 * character, to out.
 */
static void
fold_fast_into (GString    *out,
                const char *text,
                gsize       len)
{
  const char *end = text + len;
  gsize start = out->len;
  gboolean pending_space = FALSE;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      guchar b = (guchar)*p;
      const FoldEntry *entry = NULL;
      FoldKind kind;

      if (b < 0x80)
        {
          if (b == '\'' || b == '`')
            kind = FOLD_SKIP;
          else if (g_ascii_isalnum (b))
            kind = FOLD_LETTER;
          else
            kind = FOLD_SEPARATOR;
        }
      else
        {
          entry = &fast_table[g_utf8_get_char (p) - FAST_FIRST];
          kind = entry->kind;
        }

      if (kind == FOLD_LETTER)
        {
          if (pending_space && out->len > start)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          /* One character at a time: the inline append, not a call. */
          if (entry == NULL)
            g_string_append_c (out, g_ascii_tolower ((char)b));
          else
            for (const char *f = entry->folded; *f; f++)
              g_string_append_c (out, *f);
        }
      else if (kind == FOLD_SEPARATOR)
        pending_space = TRUE;
    }
}

static char *
fold_fast (const char *text)
{
  gsize len = strlen (text);
  GString *out = g_string_sized_new (len);

  fold_fast_into (out, text, len);
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

/* Whether fold_fast_into can fold text[0, len). */
static gboolean
fits_fast (const char *text,
           gsize       len)
{
  static gsize table_ready = 0;
  const char *end = text + len;

  if (g_once_init_enter (&table_ready))
    {
      fast_table_init ();
      g_once_init_leave (&table_ready, 1);
    }

  for (const guchar *p = (const guchar *)text; p < (const guchar *)end; p++)
    if (*p >= 0x80)
      {
        if (!g_utf8_validate ((const char *)p, end - (const char *)p, NULL))
          return FALSE;
        for (const char *q = (const char *)p; q < end; q = g_utf8_next_char (q))
          {
            gunichar c = (guchar)*q < 0x80 ? (guchar)*q : g_utf8_get_char (q);

            if (c > FAST_LAST || (c >= FAST_FIRST && fast_table[c - FAST_FIRST].kind == FOLD_SLOW))
              return FALSE;
          }
        return TRUE;
      }
  return TRUE;
}

/* Appends the folding of text[0, len) to out. */
static void
fold_into (GString    *out,
           const char *text,
           gsize       len)
{
  g_autofree char *copy = NULL;
  g_autofree char *folded = NULL;

  if (fits_fast (text, len))
    {
      fold_fast_into (out, text, len);
      return;
    }
  copy = g_strndup (text, len);
  folded = sl_fold_reference (copy);
  g_string_append (out, folded);
}

char *
sl_fold (const char *text)
{
  gsize len;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  len = strlen (text);
  if (!fits_fast (text, len))
    return sl_fold_reference (text);
  out = g_string_sized_new (len);
  fold_fast_into (out, text, len);
  return g_string_free (out, FALSE);
}

/* Appends word[0, len) to key unless it is a word of key already, so
 * repeated names do not bloat it.
 */
static void
append_word (GString    *key,
             const char *word,
             gsize       len)
{
  const char *k = key->str;

  if (len == 0)
    return;
  while (*k != '\0')
    {
      const char *space = strchr (k, ' ');
      gsize k_len = space != NULL ? (gsize)(space - k) : strlen (k);

      if (k_len == len && memcmp (k, word, len) == 0)
        return;
      if (space == NULL)
        break;
      k = space + 1;
    }

  if (key->len > 0)
    g_string_append_c (key, ' ');
  g_string_append_len (key, word, (gssize)len);
}

/* Appends each space-separated word of folded to key. */
static void
append_words (GString    *key,
              const char *folded)
{
  const char *p = folded;

  for (;;)
    {
      const char *space = strchr (p, ' ');

      append_word (key, p, space != NULL ? (gsize)(space - p) : strlen (p));
      if (space == NULL)
        break;
      p = space + 1;
    }
}

/* One word of text (no white space), its folded form in folded. */
static void
append_key_word (GString    *key,
                 const char *word,
                 gsize       len,
                 GString    *folded)
{
  const char *end = word + len;
  gboolean has_joiner = FALSE;
  gsize n_spaces = 0;

  g_string_truncate (folded, 0);
  fold_into (folded, word, len);
  if (folded->len == 0)
    return;

  /* "o'brien" → "obrien"; "jean-luc" → "jeanluc" as well as the parts. */
  for (const char *p = word; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '-' || c == 0x2010 || c == 0x2011 || is_apostrophe (c))
        has_joiner = TRUE;
    }

  for (gsize i = 0; i < folded->len; i++)
    n_spaces += folded->str[i] == ' ';
  if (n_spaces == 0)
    append_word (key, folded->str, folded->len);
  else
    {
      g_autofree char *joined = g_malloc (folded->len + 1);
      gsize j = 0;

      for (gsize i = 0; i < folded->len; i++)
        if (folded->str[i] != ' ')
          joined[j++] = folded->str[i];
      append_word (key, joined, j);
    }

  if (!has_joiner)
    return;
  append_words (key, folded->str);

  /* "O'Brien" folds to "obrien": keep the "o" "brien" parts too. */
  if (n_spaces == 0)
    {
      GString *spaced = g_string_sized_new (len);

      for (const char *p = word; p < end; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          g_string_append_unichar (spaced, is_apostrophe (c) ? ' ' : c);
        }
      g_string_truncate (folded, 0);
      fold_into (folded, spaced->str, spaced->len);
      g_string_free (spaced, TRUE);
      append_words (key, folded->str);
    }
}

GStrv
sl_fold_dup_words (const char *text)
{
  g_auto(GStrv) words = NULL;
  GPtrArray *folded;

  g_return_val_if_fail (text != NULL, NULL);

  words = g_strsplit_set (text, " \t\n", -1);
  folded = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = sl_fold (words[i]);

      if (*word == '\0')
        g_free (word);
      else
        g_ptr_array_add (folded, word);
    }
  g_ptr_array_add (folded, NULL);
  return (GStrv)g_ptr_array_free (folded, FALSE);
}

void
sl_fold_append_key (GString    *key,
                    const char *text)
{
  GString *folded;
  const char *p = text;

  if (text == NULL || *text == '\0')
    return;

  /* Split on white space first, so "O'Brien-Smith" stays one unit. */
  folded = g_string_sized_new (64);
  for (;;)
    {
      gsize len = strcspn (p, " \t\n");

      if (len > 0)
        append_key_word (key, p, len, folded);
      if (p[len] == '\0')
        break;
      p += len + 1;
    }
  g_string_free (folded, TRUE);
}

void
sl_fold_append_code (GString    *key,
                     const char *code)
{
  GString *folded;

  if (code == NULL || *code == '\0')
    return;

  folded = g_string_sized_new (32);
  fold_into (folded, code, strlen (code));
  append_words (key, folded->str);
  g_string_free (folded, TRUE);
}
