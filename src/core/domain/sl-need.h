/* sl-need.h — support needs, consents, links between people, markers
 *
 * Plain data and rules: need types (the per-event catalogue), statuses
 * and the moves between them, consent recipients, identifier markers and
 * kinds of link. A need's detail and agreed adjustments are special
 * category data: they live in these structs only as sealed boxes (the
 * store's bytes), and an audit image says "sealed" where one is set,
 * never the text nor its length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_NEED_ERROR (sl_need_error_quark ())

typedef enum
{
  SL_NEED_ERROR_INVALID = 1,    /* a value the rules refuse */
  SL_NEED_ERROR_NOT_FOUND,      /* no such need, type, link or entrant */
  SL_NEED_ERROR_TRANSITION,     /* a status cannot follow the current one */
  SL_NEED_ERROR_IN_USE,         /* a need type that needs use, or built in */
} SlNeedError;

GQuark      sl_need_error_quark (void);

#define SL_NEED_DETAIL_MAX_CHARS      4000
#define SL_NEED_REASON_MAX_CHARS       500
#define SL_NEED_TYPE_LABEL_MAX_CHARS   80
#define SL_NEED_TYPE_CODE_MAX_CHARS    40

typedef enum
{
  SL_NEED_REQUESTED,
  SL_NEED_INFO_NEEDED,
  SL_NEED_APPROVED,
  SL_NEED_ARRANGED,
  SL_NEED_DECLINED,
  SL_NEED_WITHDRAWN,
  SL_N_NEED_STATUSES
} SlNeedStatus;

const char *sl_need_status_to_id      (SlNeedStatus  status);
gboolean    sl_need_status_from_id    (const char   *id,
                                       SlNeedStatus *status);
const char *sl_need_status_to_label   (SlNeedStatus  status);
/* requested and info-needed: waiting for the officer. */
gboolean    sl_need_status_is_outstanding (SlNeedStatus status);
/* Whether a need may move from one status to another (the same one is no
 * move): requested → info-needed → approved → arranged, back from
 * info-needed to requested and from arranged to approved, declined or
 * withdrawn from any open status, and a declined or withdrawn need opened
 * again as requested.
 */
gboolean    sl_need_status_can_change (SlNeedStatus  from,
                                       SlNeedStatus  to);

/* A type in the event's catalogue. code: lower case with hyphens. */
typedef struct
{
  gint64   id;
  char    *code;
  char    *label;
  char   **adjustments;   /* the agreed adjustments to choose from */
  gboolean builtin;       /* one of the defaults every event is seeded with */
} SlNeedType;

void        sl_need_type_free         (SlNeedType   *type);
/* The defaults every event is seeded with: n_types of them, static. */
typedef struct
{
  const char *code;
  const char *label;            /* N_() */
  const char *adjustments;      /* one per line */
} SlNeedTypeDefault;

const SlNeedTypeDefault *sl_need_type_defaults (guint *n_types);
/* A code typed by a person: lower case letters, digits and single
 * hyphens, 2 to SL_NEED_TYPE_CODE_MAX_CHARS of them.
 */
gboolean    sl_need_type_code_check   (const char   *code,
                                       GError      **error);

/* Consent to share a need, by recipient group. */
typedef enum
{
  SL_CONSENT_MEDICAL,
  SL_CONSENT_FACILITY,
  SL_CONSENT_CHARITY,
  SL_N_CONSENT_RECIPIENTS
} SlConsentRecipient;

const char *sl_consent_recipient_to_id    (SlConsentRecipient r);
gboolean    sl_consent_recipient_from_id  (const char *id,
                                           SlConsentRecipient *r);
const char *sl_consent_recipient_to_label (SlConsentRecipient r);

typedef struct
{
  gint64              need_id;
  SlConsentRecipient  recipient;
  gboolean            given;          /* FALSE: withdrawn (or refused) */
  char               *at;             /* UTC, when it was given or withdrawn */
  char               *wording_version;
  char               *recorded_by;
} SlNeedConsent;

void        sl_need_consent_free      (SlNeedConsent *consent);
char       *sl_need_consent_dup_image (const SlNeedConsent *consent) G_GNUC_WARN_UNUSED_RESULT;

/* Identifier markers, shown at the desk as chips with text. */
typedef enum
{
  SL_MARKER_DEAF,
  SL_MARKER_VISUALLY_IMPAIRED,
  SL_MARKER_I_NEED_SPACE,
  SL_MARKER_WHEELCHAIR,
  SL_N_MARKERS
} SlMarker;

const char *sl_marker_to_id           (SlMarker      marker);
gboolean    sl_marker_from_id         (const char   *id,
                                       SlMarker     *marker);
const char *sl_marker_to_label        (SlMarker      marker);
/* The markers whose ids text lists, separated by separator, as a set of
 * bits (1u << marker); none for NULL. Ids it does not know are passed
 * over.
 */
guint       sl_markers_from_ids       (const char   *text,
                                       const char   *separator);
/* The audit image of a marker set or cleared: {"marker":"deaf"}. */
char       *sl_marker_dup_image       (SlMarker      marker) G_GNUC_WARN_UNUSED_RESULT;

/* Who supports whom. */
typedef enum
{
  SL_LINK_GUIDE,
  SL_LINK_SUPPORT_RUNNER,
  SL_LINK_ASSISTANT,
  SL_N_LINK_KINDS
} SlLinkKind;

const char *sl_link_kind_to_id        (SlLinkKind    kind);
gboolean    sl_link_kind_from_id      (const char   *id,
                                       SlLinkKind   *kind);
const char *sl_link_kind_to_label     (SlLinkKind    kind);
/* A guide or support runner runs: withdrawn with the runner they support. */
gboolean    sl_link_kind_runs         (SlLinkKind    kind);

/* entrant_id is supported by either another entrant (linked_entrant_id)
 * or a companion who is not running (companion_name, phone, pass).
 */
typedef struct
{
  gint64      id;
  gint64      entrant_id;
  SlLinkKind  kind;
  gint64      linked_entrant_id;   /* 0: a companion */
  char       *companion_name;
  char       *companion_phone;
  char       *companion_pass;
  /* Read with the link, not stored in it: the other person as the
   * entrant sees them (the linked entrant's, or the supported one's when
   * read from the supporter's side).
   */
  char       *other_bib;
  char       *other_name;
  gboolean    other_checked_in;
} SlEntrantLink;

void        sl_entrant_link_free      (SlEntrantLink *link);
/* Kind and who: a guide or support runner is an entrant; an assistant
 * either an entrant or a companion with a name; never the entrant itself.
 */
gboolean    sl_entrant_link_validate  (const SlEntrantLink *link,
                                       GError             **error);
char       *sl_entrant_link_dup_image (const SlEntrantLink *link) G_GNUC_WARN_UNUSED_RESULT;

/* One need. The detail and adjustments are sealed boxes (NULL: none, or
 * not read); the list fields are read with it for the officer's lists.
 */
typedef struct
{
  gint64        id;
  gint64        entrant_id;
  gint64        type_id;
  SlNeedStatus  status;
  GBytes       *detail_sealed;
  GBytes       *adjustments_sealed;
  gboolean      has_detail;
  gboolean      has_adjustments;
  char         *decline_reason;
  char         *decided_by;
  char         *decided_at;
  char         *created_by;
  char         *created_at;
  /* Read with it. */
  char         *type_code;
  char         *type_label;
  char         *bib;
  char         *first_name;
  char         *last_name;
  char         *race_name;
  char         *start_area;
  guint         markers;       /* the entrant's, 1 << SlMarker */
} SlNeed;

void        sl_need_free              (SlNeed       *need);
/* A copy of every field (the sealed boxes shared, they never change). */
SlNeed     *sl_need_copy              (const SlNeed *need) G_GNUC_WARN_UNUSED_RESULT;

/* How many needs have one type, start area and status (the summary's
 * counts, read in one grouped statement).
 */
typedef struct
{
  char         *type_code;
  char         *type_label;
  char         *start_area;   /* the entrant's wave's; NULL: none */
  SlNeedStatus  status;
  guint         count;
} SlNeedCount;

void        sl_need_count_free        (SlNeedCount  *count);

/* Which needs a list holds; every member unset (0, NULL, -1 for the
 * enums) matches all. outstanding: requested or info-needed only, oldest
 * first; otherwise in entrants' name order.
 */
typedef struct
{
  gint64      entrant_id;
  const char *type_code;
  int         status;        /* SlNeedStatus, or -1 */
  gint64      race_id;
  const char *start_area;    /* the entrant's wave's */
  int         marker;        /* SlMarker the entrant has, or -1 */
  const char *text;          /* words of the name, bib or reference */
  gboolean    outstanding;
  guint       limit;         /* at most this many, in no order; 0: all, in order */
} SlNeedFilter;

#define SL_NEED_FILTER_INIT { 0, NULL, -1, 0, NULL, -1, NULL, FALSE, 0 }
/* The audit image: what the need holds, its detail and adjustments only as
 * "sealed" (or null), never their text or length.
 */
char       *sl_need_dup_image         (const SlNeed *need) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlNeedType, sl_need_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlNeedConsent, sl_need_consent_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEntrantLink, sl_entrant_link_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlNeed, sl_need_free)

G_END_DECLS
