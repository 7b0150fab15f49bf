/* cd-import.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-import-private.h"
#include "cd-ninjs.h"

G_DEFINE_QUARK (cd-import-error-quark, cd_import_error)

static const char *
skip_bom (const char *text)
{
  return g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text;
}

static guint
line_of (const char *data,
         const char *where)
{
  guint line = 1;

  for (const char *p = data; p < where; p++)
    if (*p == '\n')
      line++;

  return line;
}

/* A fence line opens or closes a fenced code block: ``` or ~~~ after at
 * most three spaces.
 */
static gboolean
is_fence (const char *line)
{
  guint indent = 0;

  while (line[indent] == ' ' && indent < 4)
    indent++;

  return indent < 4 && (g_str_has_prefix (line + indent, "```")
                        || g_str_has_prefix (line + indent, "~~~"));
}

/* "# Title ##" → "Title", with backslash escapes undone. NULL unless @line
 * is a level-one ATX heading.
 */
static char *
parse_atx_heading (const char *line)
{
  g_autofree char *text = NULL;
  GString *out;
  guint indent = 0;
  gsize len;

  while (line[indent] == ' ' && indent < 4)
    indent++;
  line += indent;

  if (indent >= 4 || line[0] != '#' || (line[1] != ' ' && line[1] != '\t' && line[1] != '\0'))
    return NULL;

  text = g_strstrip (g_strdup (line + 1));
  len = strlen (text);

  /* An optional closing run of #, after a space. */
  if (len > 0 && text[len - 1] == '#')
    {
      gsize end = len;

      while (end > 0 && text[end - 1] == '#')
        end--;
      if (end == 0 || text[end - 1] == ' ' || text[end - 1] == '\t')
        {
          text[end] = '\0';
          g_strchomp (text);
        }
    }

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\\' && g_ascii_ispunct (p[1]))
        p++;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_blank (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    if (*p != ' ' && *p != '\t')
      return FALSE;
  return TRUE;
}

static gboolean
is_setext_underline (const char *line)
{
  const char *p = line;

  while (*p == ' ')
    p++;
  if (*p != '=' || p - line > 3)
    return FALSE;
  while (*p == '=')
    p++;
  while (*p == ' ' || *p == '\t')
    p++;

  return *p == '\0';
}

static char *
join_lines (char  **lines,
            guint   from,
            guint   to)
{
  GString *out = g_string_new (NULL);

  for (guint i = from; i < to && lines[i] != NULL; i++)
    {
      if (out->len > 0 || i > from)
        g_string_append_c (out, '\n');
      g_string_append (out, lines[i]);
    }

  return g_string_free (out, FALSE);
}

/* The body around a removed heading, without the blank lines at its ends. */
static char *
body_without (char  **lines,
              guint   first,
              guint   after)
{
  g_autofree char *before = join_lines (lines, 0, first);
  g_autofree char *rest = join_lines (lines, after, G_MAXUINT);
  char *body;

  g_strstrip (before);
  g_strchug (rest);
  body = g_strconcat (before, *before != '\0' && *rest != '\0' ? "\n\n" : "", rest, NULL);

  return g_strchomp (body);
}

/**
 * _cd_import_take_heading:
 * @markdown: Markdown text, with \n line ends
 * @heading: (out): the first level-one heading's text, unescaped
 * @rest: (out): @markdown without that heading
 *
 * Finds the first level-one heading ("# Title", or "Title" over a line of
 * "="), skipping fenced code.
 *
 * Returns: %TRUE if there was one; the out arguments are set only then
 */
gboolean
_cd_import_take_heading (char  *markdown,
                         char **heading,
                         char **rest)
{
  g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);
  gboolean in_fence = FALSE;
  gboolean paragraph_start = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      gboolean blank = is_blank (lines[i]);

      if (is_fence (lines[i]))
        {
          in_fence = !in_fence;
          paragraph_start = TRUE;
          continue;
        }
      if (in_fence)
        continue;

      text = parse_atx_heading (lines[i]);
      if (text != NULL)
        {
          *heading = g_steal_pointer (&text);
          *rest = body_without (lines, i, i + 1);
          return TRUE;
        }

      if (!blank && paragraph_start && lines[i + 1] != NULL
          && is_setext_underline (lines[i + 1]) && lines[i][0] != ' ')
        {
          *heading = g_strstrip (g_strdup (lines[i]));
          *rest = body_without (lines, i, i + 2);
          return TRUE;
        }

      paragraph_start = blank;
    }

  return FALSE;
}

/**
 * _cd_import_display_name:
 * @origin: (nullable): the file being imported
 *
 * Returns: (transfer full): the name that error messages start with
 */
char *
_cd_import_display_name (GFile *origin)
{
  const char *path;

  if (origin == NULL)
    /* Translators: stands for a file name when the text came from elsewhere */
    return g_strdup (_("(data)"));

  path = g_file_peek_path (origin);
  if (path != NULL)
    return g_filename_display_basename (path);

  return g_file_get_parse_name (origin);
}

/**
 * _cd_import_set_error:
 * @error: return location for a #GError
 * @name: the file's display name
 * @code: a #CdImportError
 * @problem: the translated problem
 *
 * Sets @error to "@name: @problem".
 */
void
_cd_import_set_error (GError        **error,
                      const char     *name,
                      CdImportError   code,
                      const char     *problem)
{
  /* Translators: %1$s is a file name, %2$s what is wrong with it */
  g_set_error (error, CD_IMPORT_ERROR, code, _("%1$s: %2$s"), name, problem);
}

/**
 * _cd_import_check_text:
 * @data: the bytes of a file
 * @length: their number
 * @name: the file's display name, for the error
 * @error: return location for a #GError
 *
 * Checks the size limit and that @data is UTF-8 without nul bytes.
 *
 * Returns: %TRUE if @data can be parsed
 */
gboolean
_cd_import_check_text (const char  *data,
                       gsize        length,
                       const char  *name,
                       GError     **error)
{
  const char *end = NULL;

  if (length > CD_IMPORT_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (CD_IMPORT_MAX_SIZE);
      g_autofree char *problem = NULL;

      /* Translators: %1$s and %2$s are sizes such as "52.4 MB" */
      problem = g_strdup_printf (_("the file is too large to import (%1$s; the limit is %2$s)"),
                                 size, limit);

      _cd_import_set_error (error, name, CD_IMPORT_ERROR_TOO_LARGE, problem);
      return FALSE;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      _cd_import_set_error (error, name, CD_IMPORT_ERROR_ENCODING,
                            _("the file contains nul bytes; it is not a text file"));
      return FALSE;
    }

  if (!g_utf8_validate_len (data, length, &end))
    {
      /* Translators: %u is a line number */
      g_autofree char *problem = g_strdup_printf (_("line %u: the text is not valid UTF-8"),
                                                  line_of (data, end));

      _cd_import_set_error (error, name, CD_IMPORT_ERROR_ENCODING, problem);
      return FALSE;
    }

  return TRUE;
}

/**
 * _cd_import_load:
 * @file: the file to read
 * @contents: (out) (transfer full): its bytes, nul-terminated
 * @length: (out): their number
 * @error: return location for a #GError
 *
 * Reads @file, refusing it before reading if it is larger than
 * %CD_IMPORT_MAX_SIZE (and while reading, for files whose size lies).
 *
 * Returns: %TRUE on success
 */
gboolean
_cd_import_load (GFile   *file,
                 char   **contents,
                 gsize   *length,
                 GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *name = _cd_import_display_name (file);
  guint8 buffer[64 * 1024];

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      _cd_import_set_error (error, name, CD_IMPORT_ERROR_INVALID,
                            _("this is a folder, not a file"));
      return FALSE;
    }

  if (g_file_info_get_size (info) > CD_IMPORT_MAX_SIZE)
    return _cd_import_check_text (NULL, g_file_info_get_size (info), name, error);

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return FALSE;

  bytes = g_byte_array_new ();
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      g_byte_array_append (bytes, buffer, n);
      if (bytes->len > CD_IMPORT_MAX_SIZE)
        return _cd_import_check_text (NULL, bytes->len, name, error);
    }

  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);

  return TRUE;
}

/**
 * cd_import_markdown:
 * @markdown: the text of a Markdown file, in UTF-8
 * @length: its length in bytes, or -1 if it is nul-terminated
 * @origin: (nullable): the file it came from, named in errors
 * @error: return location for a #GError
 *
 * Makes a story of a Markdown file: its first level-one heading becomes
 * the headline and leaves the body; the rest is the body, as written.
 * A file without such a heading is refused (%CD_IMPORT_ERROR_MISSING).
 *
 * Returns: (transfer full): a new story, not in any library
 */
CdStory *
cd_import_markdown (const char  *markdown,
                    gssize       length,
                    GFile       *origin,
                    GError     **error)
{
  g_autofree char *name = _cd_import_display_name (origin);
  g_autofree char *text = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autoptr(CdStory) story = NULL;
  GString *normal;

  g_return_val_if_fail (markdown != NULL, NULL);
  g_return_val_if_fail (origin == NULL || G_IS_FILE (origin), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (markdown);

  if (!_cd_import_check_text (markdown, length, name, error))
    return NULL;

  /* Line ends: \r\n and lone \r become \n. */
  normal = g_string_sized_new (length);
  g_string_append_len (normal, markdown, length);
  g_string_replace (normal, "\r\n", "\n", 0);
  g_string_replace (normal, "\r", "\n", 0);
  text = g_string_free (normal, FALSE);

  if (!_cd_import_take_heading ((char *) skip_bom (text), &heading, &body) || *heading == '\0')
    {
      _cd_import_set_error (error, name, CD_IMPORT_ERROR_MISSING,
                            _("there is no headline: the file needs a first-level heading "
                              "(“# Headline”)"));
      return NULL;
    }

  story = cd_story_new ();
  cd_story_set_headline (story, heading);
  cd_story_set_body (story, body);

  return g_steal_pointer (&story);
}

/**
 * cd_import_file:
 * @file: a ninjs item (JSON) or a Markdown file
 * @error: return location for a #GError
 *
 * Imports one file, telling ninjs from Markdown by its content: text
 * that starts with "{" or "[" is JSON. See cd_ninjs_import_data() and
 * cd_import_markdown().
 *
 * Returns: (transfer full): a new story, not in any library, or %NULL
 *   with @error naming the file and the problem
 */
CdStory *
cd_import_file (GFile   *file,
                GError **error)
{
  g_autofree char *contents = NULL;
  const char *p;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_cd_import_load (file, &contents, &length, error))
    return NULL;

  for (p = skip_bom (contents); *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
    ;

  if (*p == '{' || *p == '[')
    return cd_ninjs_import_data (contents, length, file, error);

  return cd_import_markdown (contents, length, file, error);
}
