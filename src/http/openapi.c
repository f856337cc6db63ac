/*
 * openapi.c — the schemas, the query parameters and the document builder. See openapi.h.
 *
 * Schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect) written as JSON text, one row per
 * name; a schema refers to another as {"$ref": "#/components/schemas/Name"}. Lists that live in
 * other tables are not copied here: {"x-vocab": "app_status" | "channel" | "role" |
 * "track_kind" | "error_code"} is replaced at build time by a string enum from rules/vocab.def or
 * base/errors.def. Response schemas say which members are always there (required) without
 * forbidding more, so that adding a member stays backwards compatible (CONTRACT.md).
 */
#include "http/openapi.h"

#include "app/access.h"
#include "base/err.h"
#include "base/log.h"
#include "rules/vocab.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define OA_DATE "{\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}"
/* A region code: 6 digits (county and above), 9 (street) or 12 (community). */
#define OA_REGION "{\"type\": \"string\", \"pattern\": \"^[0-9]{6}([0-9]{3}){0,2}$\"}"
/* The form's regions (CONTRACT.md: 6-digit codes). */
#define OA_REGION6 "{\"type\": \"string\", \"pattern\": \"^[0-9]{6}$\"}"
#define OA_STR_OR_NULL "{\"type\": [\"string\", \"null\"]}"
/* An occupation code of 国家职业分类大典 (2022): X, X-XX, X-XX-XX or X-XX-XX-XX. */
/* issue 9: a registration's follow-up counters (rules/followup) */
#define OA_COUNTERS                                                                                \
    "{\"type\": \"object\", \"required\": [\"unreachable_months\", \"unreachable_since\","         \
    " \"refusals\", \"next_contact_due\", \"overdue\", \"unreachable_contacts\","                  \
    " \"refusal_contacts\", \"thresholds\"],"                                                      \
    " \"properties\": {\"unreachable_months\": {\"type\": \"integer\", \"minimum\": 0},"           \
    " \"unreachable_since\": " OA_STR_OR_NULL ", \"refusals\": {\"type\": \"integer\"},"           \
    " \"next_contact_due\": " OA_DATE ", \"overdue\": {\"type\": \"boolean\"},"                    \
    " \"unreachable_contacts\": {\"type\": \"array\"}, \"refusal_contacts\": {\"type\": "          \
    "\"array\"},"                                                                                  \
    " \"thresholds\": {\"type\": \"object\"}}}"
#define OA_OCCUPATION "{\"type\": \"string\", \"pattern\": \"^[1-9](-[0-9]{2}){0,3}$\"}"

struct openapi__schema {
    const char *name;
    const char *content_type; /* of a response with this schema */
    const char *json;
};

static const struct openapi__schema openapi__schemas[] = {
    {"Error", "application/json",
     "{\"type\": \"object\", \"required\": [\"error\"], \"additionalProperties\": false,"
     " \"description\": \"CONTRACT.md's error object\","
     " \"properties\": {\"error\": {\"type\": \"object\","
     "  \"required\": [\"code\", \"message\", \"field\"], \"additionalProperties\": false,"
     "  \"properties\": {\"code\": {\"x-vocab\": \"error_code\"},"
     "   \"message\": {\"type\": \"string\", \"minLength\": 1},"
     "   \"field\": " OA_STR_OR_NULL ","
     "   \"ref\": {\"type\": \"string\", \"description\": \"the conflicting record's "
     "number\"}}}}}"},
    {"Health", "application/json",
     "{\"type\": \"object\", \"required\": [\"status\"],"
     " \"properties\": {\"status\": {\"const\": \"ok\"}}}"},
    {"Login", "application/json",
     "{\"type\": \"object\", \"required\": [\"username\", \"password\"],"
     " \"properties\": {\"username\": {\"type\": \"string\", \"maxLength\": 64},"
     "  \"password\": {\"type\": \"string\", \"maxLength\": 256},"
     "  \"totp_code\": {\"type\": \"string\", \"pattern\": \"^[0-9]{6}$\","
     "   \"description\": \"when the user has a second factor (else 401 totp_required)\"}}}"},
    {"PasswordChange", "application/json",
     "{\"type\": \"object\", \"required\": [\"old_password\", \"new_password\"],"
     " \"properties\": {\"old_password\": {\"type\": \"string\"},"
     "  \"new_password\": {\"type\": \"string\"}}}"},
    {"PasswordReset", "application/json",
     "{\"type\": \"object\", \"required\": [\"new_password\"],"
     " \"properties\": {\"new_password\": {\"type\": \"string\"}}}"},
    {"TotpCode", "application/json",
     "{\"type\": \"object\", \"required\": [\"code\"],"
     " \"properties\": {\"code\": {\"type\": \"string\", \"pattern\": \"^[0-9]{6}$\"}}}"},
    {"TotpEnrolment", "application/json",
     "{\"type\": \"object\", \"required\": [\"secret\", \"otpauth_uri\", \"digits\", \"period\","
     "  \"algorithm\"],"
     " \"properties\": {\"secret\": {\"type\": \"string\", \"pattern\": \"^[A-Z2-7]{32}$\"},"
     "  \"otpauth_uri\": {\"type\": \"string\", \"pattern\": \"^otpauth://totp/\"},"
     "  \"digits\": {\"const\": 6}, \"period\": {\"const\": 30},"
     "  \"algorithm\": {\"const\": \"SHA1\"}}}"},
    {"StatusOnly", "application/json",
     "{\"type\": \"object\", \"required\": [\"status\"],"
     " \"properties\": {\"status\": {\"type\": \"string\"}}}"},
    {"LoggedOutAll", "application/json",
     "{\"type\": \"object\", \"required\": [\"status\", \"sessions_ended\"],"
     " \"properties\": {\"status\": {\"type\": \"string\"},"
     "  \"sessions_ended\": {\"type\": \"integer\", \"minimum\": 0}}}"},
    {"User", "application/json",
     "{\"type\": \"object\","
     " \"required\": [\"username\", \"role\", \"agency_id\", \"region\", \"region_name\"],"
     " \"properties\": {\"username\": {\"type\": \"string\"}, \"role\": {\"x-vocab\": \"role\"},"
     "  \"agency_id\": {\"type\": \"integer\"}, \"region\": " OA_REGION ","
     "  \"region_name\": {\"type\": \"string\"},"
     "  \"totp_enrolment_required\": {\"type\": \"boolean\","
     "   \"description\": \"the role requires a second factor: only /api/v1/session routes "
     "answer until one is enrolled\"},"
     "  \"password_change_required\": {\"type\": \"boolean\","
     "   \"description\": \"an administrator reset the password: only GET /api/v1/session, "
     "POST /api/v1/session/password and the logouts answer until the user changes it\"}}}"},
    {"Session", "application/json",
     "{\"type\": \"object\", \"required\": [\"csrf_token\", \"user\"],"
     " \"properties\": {\"csrf_token\": {\"type\": \"string\", \"minLength\": 1},"
     "  \"user\": {\"$ref\": \"#/components/schemas/User\"}}}"},
    {"SessionInfo", "application/json",
     "{\"type\": \"object\", \"required\": [\"user\"],"
     " \"properties\": {\"csrf_token\": {\"type\": \"string\","
     "   \"description\": \"cookie sessions only\"},"
     "  \"user\": {\"$ref\": \"#/components/schemas/User\"}}}"},
    {"LoggedOut", "application/json",
     "{\"type\": \"object\", \"required\": [\"status\"],"
     " \"properties\": {\"status\": {\"const\": \"logged_out\"}}}"},
    {"AgencyList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"],"
     " \"description\": \"公共就业服务机构清单 (附件4) in force on `on`\","
     " \"properties\": {\"on\": " OA_DATE ", \"items\": {\"type\": \"array\","
     "  \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"name\", \"region\", \"kind\", \"address\", \"phone\", \"items\","
     "   \"hours\", \"version\", \"valid_from\"],"
     "  \"properties\": {\"id\": {\"type\": \"integer\", \"description\": \"the agency id\"},"
     "   \"name\": {\"type\": \"string\"}, \"region\": " OA_REGION ","
     "   \"region_name\": {\"type\": \"string\"},"
     "   \"kind\": {\"enum\": [\"pes\", \"street\", \"community\", \"disabled\"]},"
     "   \"address\": {\"type\": \"string\"}, \"phone\": {\"type\": \"string\"},"
     "   \"items\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "   \"hours\": {\"type\": \"string\"}, \"version\": {\"type\": \"integer\"},"
     "   \"valid_from\": " OA_DATE "}}}}}"},
    {"CodeTable", "application/json",
     "{\"type\": \"object\", \"required\": [\"table\", \"items\"],"
     " \"properties\": {\"table\": {\"type\": \"string\"},"
     "  \"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"code\", \"name_zh\", \"name_en\"],"
     "   \"properties\": {\"code\": {\"type\": \"string\"}, \"name_zh\": {\"type\": \"string\"},"
     "    \"name_en\": {\"type\": \"string\"},"
     "    \"by_caseworker\": {\"type\": \"boolean\"}, \"by_batch\": {\"type\": \"boolean\"},"
     "    \"evidence\": {\"type\": [\"string\", \"null\"]}, \"notify\": {\"type\": "
     "\"boolean\"}}}}}}"},
    {"RegionList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"],"
     " \"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"code\", \"name\", \"level\"],"
     "  \"properties\": {\"code\": " OA_REGION ", \"name\": {\"type\": \"string\"},"
     "   \"level\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 3}}}}}}"},
    {"ApplicationForm", "application/json",
     "{\"type\": \"object\", \"description\": \"附件1 《失业人员登记表》 (CONTRACT.md)\","
     " \"required\": [\"id_type\", \"id_number\", \"name\", \"phone\", \"residence_region\","
     "  \"residence_address\", \"register_region\", \"register_basis\", \"unemployed_since\","
     "  \"unemployment_reason\", \"commitment\"],"
     " \"properties\": {"
     "  \"id_type\": {\"enum\": [\"resident_id\", \"ssc\", \"hkmotw_residence\","
     "   \"hkmo_permit\", \"tw_permit\"]},"
     "  \"id_number\": {\"type\": \"string\"}, \"name\": {\"type\": \"string\"},"
     "  \"phone\": {\"type\": \"string\"}, \"residence_region\": " OA_REGION6 ","
     "  \"residence_address\": {\"type\": \"string\"}, \"register_region\": " OA_REGION6 ","
     "  \"register_basis\": {\"enum\": [\"hukou\", \"residence\", \"employment\", \"insured\"]},"
     "  \"unemployed_since\": " OA_DATE ", \"unemployment_reason\": {\"type\": \"string\"},"
     "  \"commitment\": {\"const\": true},"
     "  \"sex\": {\"enum\": [\"M\", \"F\"]}, \"birth_date\": " OA_DATE ","
     "  \"ethnicity\": {\"type\": \"string\"}, \"education\": {\"type\": \"string\"},"
     "  \"hukou_type\": {\"type\": \"string\"}, \"hukou_region\": " OA_REGION6 ","
     "  \"hukou_address\": {\"type\": \"string\"},"
     "  \"health\": {\"enum\": [\"healthy\", \"ill\", \"disabled\"]},"
     "  \"disability_grade\": {\"type\": [\"string\", \"integer\"]},"
     "  \"last_employer\": {\"type\": \"string\"}, \"last_occupation\": {\"type\": \"string\"},"
     "  \"skills\": {\"type\": \"string\"}, \"certificates\": {\"type\": \"string\"},"
     "  \"job_intent\": {\"type\": \"object\", \"properties\": {"
     "   \"occupation\": {\"type\": \"string\"}, \"region\": " OA_REGION6 ","
     "   \"salary_min\": {\"type\": \"integer\", \"minimum\": 0}}},"
     "  \"training_intent\": {\"type\": \"boolean\"}, \"startup_intent\": {\"type\": \"boolean\"},"
     "  \"ui_benefit\": {\"type\": \"boolean\"},"
     "  \"difficulty_categories\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "  \"agency_id\": {\"type\": \"integer\", \"minimum\": 1},"
     "  \"identity_token\": {\"type\": \"string\", \"maxLength\": 4096, \"description\":"
     "   \"online channel: the identity provider's real-name assertion (JWS EdDSA, see"
     " docs/security-edge.md)\"}}}"},
    {"Receipt", "application/json",
     "{\"type\": \"object\", \"required\": [\"application_no\", \"query_code\", \"deadline\"],"
     " \"properties\": {\"application_no\": {\"type\": \"string\"},"
     "  \"query_code\": {\"type\": \"string\", \"minLength\": 1}, \"deadline\": " OA_DATE ","
     "  \"identity_verified\": {\"type\": \"boolean\"},"
     "  \"set_aside\": {\"type\": [\"string\", \"null\"], \"description\": \"the person's"
     " unverified pending application this verified one set aside\"}}}"},
    {"IdpTokenRequest", "application/json",
     "{\"type\": \"object\", \"required\": [\"id_type\", \"id_number\"],"
     " \"properties\": {\"id_type\": {\"type\": \"string\"},"
     "  \"id_number\": {\"type\": \"string\", \"maxLength\": 39}}}"},
    {"IdpToken", "application/json",
     "{\"type\": \"object\", \"required\": [\"token\", \"provider\", \"expires_in\"],"
     " \"properties\": {\"token\": {\"type\": \"string\"}, \"provider\": {\"type\": \"string\"},"
     "  \"expires_in\": {\"type\": \"integer\"}}}"},
    {"PublicStatus", "application/json",
     "{\"type\": \"object\", \"required\": [\"application_no\", \"status\", \"deadline\","
     "  \"decision_reason\", \"registration_no\"],"
     " \"properties\": {\"application_no\": {\"type\": \"string\"},"
     "  \"status\": {\"x-vocab\": \"app_status\"}, \"deadline\": " OA_DATE ","
     "  \"decision_reason\": " OA_STR_OR_NULL ", \"registration_no\": " OA_STR_OR_NULL ","
     "  \"identity_verified\": {\"type\": \"boolean\"},"
     "  \"set_aside\": {\"type\": \"boolean\", \"description\": \"withdrawn because the person"
     " filed a real-name verified application\"},"
     "  \"national_no\": " OA_STR_OR_NULL ", \"local_no\": " OA_STR_OR_NULL ","
     "  \"register_region\": " OA_REGION6 ","
     "  \"exit\": {\"description\": \"national hub: the registration's exit (注销) as the local"
     " system uploaded it, null while active\", \"oneOf\": [{\"type\": \"null\"},"
     "   {\"type\": \"object\", \"required\": [\"reason_code\", \"date\"],"
     "    \"properties\": {\"reason_code\": {\"type\": \"string\"}, \"date\": " OA_DATE "}}]}}}"},
    {"DataUsage", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"],"
     " \"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"at\", \"reader\", \"agency\", \"action\", \"reason\","
     "   \"application_no\", \"registration_no\"],"
     "  \"properties\": {\"at\": {\"type\": \"string\"}, \"reader\": {\"type\": \"string\"},"
     "   \"agency\": {\"type\": \"string\"}, \"action\": {\"enum\": [\"read\", \"reveal\"]},"
     "   \"reason\": " OA_STR_OR_NULL ", \"application_no\": " OA_STR_OR_NULL ","
     "   \"registration_no\": " OA_STR_OR_NULL "}}}}}"},
    {"QueueItem", "application/json",
     "{\"type\": \"object\", \"required\": [\"application_no\", \"status\", \"channel\","
     "  \"deadline\", \"overdue\", \"workdays_left\", \"name_masked\", \"register_region\","
     "  \"register_region_name\", \"submitted_at\", \"checks\"],"
     " \"properties\": {\"application_no\": {\"type\": \"string\"},"
     "  \"status\": {\"x-vocab\": \"app_status\"}, \"channel\": {\"x-vocab\": \"channel\"},"
     "  \"deadline\": " OA_DATE ", \"overdue\": {\"type\": \"boolean\"},"
     "  \"workdays_left\": {\"type\": \"integer\"}, \"name_masked\": {\"type\": \"string\"},"
     "  \"register_region\": " OA_REGION ", \"register_region_name\": {\"type\": \"string\"},"
     "  \"submitted_at\": {\"type\": \"string\"},"
     "  \"national_no\": " OA_STR_OR_NULL ","
     "  \"checks\": {\"type\": \"object\", \"required\": [\"pass\", \"fail\", \"unknown\"],"
     "   \"properties\": {\"pass\": {\"type\": \"integer\"}, \"fail\": {\"type\": \"integer\"},"
     "    \"unknown\": {\"type\": \"integer\"}}},"
     "  \"identity_verified\": {\"type\": \"boolean\"},"
     "  \"identity_provider\": " OA_STR_OR_NULL "}}"},
    {"Queue", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\", \"next\"],"
     " \"description\": \"one page in deadline order; pass `next` as ?cursor= for the next page"
     " (null: the last page)\","
     " \"properties\": {\"items\": {\"type\": \"array\","
     "  \"items\": {\"$ref\": \"#/components/schemas/QueueItem\"}},"
     "  \"next\": " OA_STR_OR_NULL "}}"},
    {"Application", "application/json",
     "{\"type\": \"object\", \"required\": [\"application_no\", \"status\", \"channel\","
     "  \"deadline\", \"overdue\", \"workdays_left\", \"submitted_at\", \"register_region\","
     "  \"register_region_name\", \"register_basis\", \"unemployed_since\","
     "  \"unemployment_reason\", \"ui_benefit\", \"difficulty_categories\", \"details\","
     "  \"person\", \"verifications\", \"tasks\", \"decision_reason\", \"registration_no\"],"
     " \"properties\": {\"application_no\": {\"type\": \"string\"},"
     "  \"status\": {\"x-vocab\": \"app_status\"}, \"channel\": {\"x-vocab\": \"channel\"},"
     "  \"deadline\": " OA_DATE ", \"overdue\": {\"type\": \"boolean\"},"
     "  \"workdays_left\": {\"type\": \"integer\"}, \"submitted_at\": {\"type\": \"string\"},"
     "  \"register_region\": " OA_REGION ", \"register_region_name\": {\"type\": \"string\"},"
     "  \"register_basis\": {\"type\": \"string\"}, \"unemployed_since\": " OA_DATE ","
     "  \"unemployment_reason\": {\"type\": \"string\"}, \"ui_benefit\": {\"type\": \"boolean\"},"
     "  \"difficulty_categories\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "  \"details\": {\"type\": \"object\"},"
     "  \"person\": {\"type\": \"object\", \"description\": \"masked unless ?reveal=true\","
     "   \"required\": [\"name\", \"id_type\", \"id_number\", \"phone\", \"masked\"],"
     "   \"properties\": {\"name\": {\"type\": \"string\"}, \"id_type\": {\"type\": \"string\"},"
     "    \"id_number\": {\"type\": \"string\"}, \"phone\": {\"type\": \"string\"},"
     "    \"sex\": {\"type\": \"string\"}, \"birth_date\": {\"type\": \"string\"},"
     "    \"ethnicity\": {\"type\": \"string\"}, \"education\": {\"type\": \"string\"},"
     "    \"hukou_type\": {\"type\": \"string\"}, \"hukou_region\": {\"type\": \"string\"},"
     "    \"hukou_address\": {\"type\": \"string\"}, \"residence_region\": {\"type\": \"string\"},"
     "    \"residence_address\": {\"type\": \"string\"}, \"masked\": {\"type\": \"boolean\"}}},"
     "  \"verifications\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"check\", \"result\", \"source\", \"evidence\", \"checked_at\"],"
     "   \"properties\": {\"check\": {\"type\": \"string\"},"
     "    \"result\": {\"enum\": [\"pass\", \"fail\", \"unknown\"]},"
     "    \"source\": {\"type\": \"string\"}, \"evidence\": {\"type\": \"object\"},"
     "    \"checked_at\": {\"type\": \"string\"}}}},"
     "  \"tasks\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"id\", \"check\", \"status\", \"created_at\"],"
     "   \"properties\": {\"id\": {\"type\": \"integer\"}, \"check\": {\"type\": \"string\"},"
     "    \"status\": {\"type\": \"string\"}, \"created_at\": {\"type\": \"string\"}}}},"
     "  \"decision_reason\": " OA_STR_OR_NULL ", \"registration_no\": " OA_STR_OR_NULL ","
     "  \"identity_verified\": {\"type\": \"boolean\"},"
     "  \"identity_provider\": " OA_STR_OR_NULL ", \"set_aside_for\": " OA_STR_OR_NULL ","
     "  \"national_no\": " OA_STR_OR_NULL "}}"},
    {"Decision", "application/json",
     "{\"type\": \"object\", \"required\": [\"decision\"],"
     " \"properties\": {\"decision\": {\"enum\": [\"approve\", \"reject\"]},"
     "  \"reason\": {\"type\": \"string\", \"maxLength\": 1000}}}"},
    {"DecisionResult", "application/json",
     "{\"type\": \"object\", \"required\": [\"status\", \"registration_no\"],"
     " \"properties\": {\"status\": {\"enum\": [\"approved\", \"rejected\"]},"
     "  \"registration_no\": " OA_STR_OR_NULL "}}"},
    {"Xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "{\"type\": \"string\", \"contentMediaType\":"
     " \"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\","
     " \"description\": \"an Excel workbook: a title row, the header row, one row a line\"}"},
    {"Csv", "text/csv",
     "{\"type\": \"string\", \"contentMediaType\": \"text/csv\","
     " \"description\": \"UTF-8 with a BOM, CRLF: the title row, the header row, the rows\"}"},
    {"PolicyList", "application/json",
     "{\"type\": \"object\", \"required\": [\"on\", \"items\"],"
     " \"description\": \"政策清单 in force on `on`\","
     " \"properties\": {\"on\": " OA_DATE ", \"items\": {\"type\": \"array\","
     "  \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"region\", \"region_name\", \"name\", \"target\", \"content\","
     "   \"conditions\", \"accepting_agency\", \"version\", \"valid_from\"],"
     "  \"properties\": {\"id\": {\"type\": \"integer\"}, \"region\": " OA_REGION ","
     "   \"region_name\": {\"type\": \"string\"}, \"name\": {\"type\": \"string\"},"
     "   \"target\": {\"type\": \"string\"}, \"content\": {\"type\": \"string\"},"
     "   \"conditions\": {\"type\": \"string\"}, \"accepting_agency\": {\"type\": \"string\"},"
     "   \"version\": {\"type\": \"integer\"}, \"valid_from\": " OA_DATE "}}}}}"},
    {"ServiceList", "application/json",
     "{\"type\": \"object\", \"required\": [\"on\", \"items\"],"
     " \"description\": \"服务清单 in force on `on`\","
     " \"properties\": {\"on\": " OA_DATE ", \"items\": {\"type\": \"array\","
     "  \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"region\", \"region_name\", \"item\", \"target\", \"content\","
     "   \"version\", \"valid_from\"],"
     "  \"properties\": {\"id\": {\"type\": \"integer\"}, \"region\": " OA_REGION ","
     "   \"region_name\": {\"type\": \"string\"}, \"item\": {\"type\": \"string\"},"
     "   \"target\": {\"type\": \"string\"}, \"content\": {\"type\": \"string\"},"
     "   \"version\": {\"type\": \"integer\"}, \"valid_from\": " OA_DATE "}}}}}"},
    {"ListVersion", "application/json",
     "{\"type\": \"object\", \"description\": \"one version; the list's fields as in its input\","
     " \"required\": [\"version\", \"valid_from\", \"retired\", \"note\", \"recorded_at\","
     "  \"recorded_by\"],"
     " \"properties\": {\"version\": {\"type\": \"integer\", \"minimum\": 1},"
     "  \"valid_from\": " OA_DATE ", \"retired\": {\"type\": \"boolean\"},"
     "  \"note\": {\"type\": \"string\"}, \"recorded_at\": {\"type\": \"string\"},"
     "  \"recorded_by\": {\"type\": \"string\"}}}"},
    {"ListEntry", "application/json",
     "{\"type\": \"object\","
     " \"required\": [\"id\", \"region\", \"region_name\", \"status\", \"in_force\", \"versions\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"}, \"region\": " OA_REGION ","
     "  \"region_name\": {\"type\": \"string\"},"
     "  \"status\": {\"enum\": [\"in_force\", \"retired\", \"scheduled\"]},"
     "  \"in_force\": {\"type\": [\"integer\", \"null\"],"
     "   \"description\": \"the version in force on ?on= (today)\"},"
     "  \"versions\": {\"type\": \"array\", \"minItems\": 1,"
     "   \"items\": {\"$ref\": \"#/components/schemas/ListVersion\"}}}}"},
    {"ListHistory", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"],"
     " \"properties\": {\"items\": {\"type\": \"array\","
     "  \"items\": {\"$ref\": \"#/components/schemas/ListEntry\"}}}}"},
    {"ListWrite", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"version\", \"valid_from\", \"retired\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"}, \"version\": {\"type\": \"integer\"},"
     "  \"valid_from\": " OA_DATE ", \"retired\": {\"type\": \"boolean\"}}}"},
    {"PolicyInput", "application/json",
     "{\"type\": \"object\", \"description\": \"region on POST only\","
     " \"required\": [\"name\", \"target\", \"content\", \"conditions\", \"accepting_agency\"],"
     " \"properties\": {\"region\": " OA_REGION ","
     "  \"name\": {\"type\": \"string\", \"maxLength\": 200},"
     "  \"target\": {\"type\": \"string\", \"maxLength\": 1000},"
     "  \"content\": {\"type\": \"string\", \"maxLength\": 4000},"
     "  \"conditions\": {\"type\": \"string\", \"maxLength\": 4000},"
     "  \"accepting_agency\": {\"type\": \"string\", \"maxLength\": 200},"
     "  \"valid_from\": " OA_DATE ", \"note\": {\"type\": \"string\", \"maxLength\": 500}}}"},
    {"ServiceInput", "application/json",
     "{\"type\": \"object\", \"description\": \"region on POST only\","
     " \"required\": [\"item\", \"target\", \"content\"],"
     " \"properties\": {\"region\": " OA_REGION ","
     "  \"item\": {\"type\": \"string\", \"maxLength\": 200},"
     "  \"target\": {\"type\": \"string\", \"maxLength\": 1000},"
     "  \"content\": {\"type\": \"string\", \"maxLength\": 4000},"
     "  \"valid_from\": " OA_DATE ", \"note\": {\"type\": \"string\", \"maxLength\": 500}}}"},
    {"AgencyInput", "application/json",
     "{\"type\": \"object\", \"description\": \"region and kind on POST only\","
     " \"required\": [\"name\", \"address\", \"phone\", \"items\"],"
     " \"properties\": {\"region\": " OA_REGION ","
     "  \"kind\": {\"enum\": [\"pes\", \"street\", \"community\", \"disabled\"]},"
     "  \"name\": {\"type\": \"string\", \"maxLength\": 80},"
     "  \"address\": {\"type\": \"string\", \"maxLength\": 80},"
     "  \"phone\": {\"type\": \"string\", \"maxLength\": 20},"
     "  \"items\": {\"type\": \"array\", \"minItems\": 1, \"maxItems\": 20,"
     "   \"items\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 15}},"
     "  \"hours\": {\"type\": \"string\", \"maxLength\": 100},"
     "  \"valid_from\": " OA_DATE ", \"note\": {\"type\": \"string\", \"maxLength\": 500}}}"},
    {"JobForm", "application/json",
     "{\"type\": \"object\", \"description\": \"a vacancy (CONTRACT.md POST /api/v1/jobs)\","
     " \"required\": [\"title\", \"employer\", \"occupation\", \"region\", \"salary_min\","
     "  \"salary_max\", \"valid_until\"],"
     " \"properties\": {\"title\": {\"type\": \"string\"}, \"employer\": {\"type\": \"string\"},"
     "  \"occupation\": " OA_OCCUPATION ", \"region\": " OA_REGION6 ","
     "  \"salary_min\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 1000000},"
     "  \"salary_max\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 1000000},"
     "  \"openings\": {\"type\": \"integer\", \"minimum\": 1},"
     "  \"valid_from\": " OA_DATE ", \"valid_until\": " OA_DATE ","
     "  \"skills\": {\"type\": \"string\"}, \"education_min\": {\"type\": \"string\"},"
     "  \"requirements\": {\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"object\","
     "   \"properties\": {\"education_min\": {\"type\": \"string\"},"
     "    \"skills\": {\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"array\","
     "     \"items\": {\"type\": \"string\"}}]}, \"text\": {\"type\": \"string\"}}},"
     "   {\"type\": \"null\"}]}}}"},
    {"JobCreated", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}}}"},
    {"Job", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"title\", \"employer\", \"occupation\","
     "  \"region\", \"region_name\", \"salary_min\", \"salary_max\", \"openings\", \"valid_from\","
     "  \"valid_until\", \"requirements\", \"status\", \"source\", \"created_at\","
     "  \"close_reason\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"}, \"title\": {\"type\": \"string\"},"
     "  \"employer\": {\"type\": \"string\"}, \"occupation\": " OA_OCCUPATION ","
     "  \"region\": " OA_REGION6 ", \"region_name\": {\"type\": \"string\"},"
     "  \"salary_min\": {\"type\": \"integer\"}, \"salary_max\": {\"type\": \"integer\"},"
     "  \"openings\": {\"type\": \"integer\"}, \"valid_from\": " OA_DATE ","
     "  \"valid_until\": " OA_DATE ","
     "  \"requirements\": {\"type\": \"object\","
     "   \"required\": [\"education_min\", \"skills\", \"text\"]},"
     "  \"status\": {\"x-vocab\": \"job_status\"}, \"source\": {\"type\": \"string\"},"
     "  \"created_at\": {\"type\": \"string\"}, \"close_reason\": " OA_STR_OR_NULL ","
     "  \"offered\": {\"type\": \"boolean\", \"description\": \"open, valid today, with "
     "openings (GET by id)\"}}}"},
    {"JobList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\", \"next\"],"
     " \"properties\": {\"items\": {\"type\": \"array\","
     "  \"items\": {\"$ref\": \"#/components/schemas/Job\"}},"
     "  \"next\": " OA_STR_OR_NULL "}}"},
    {"JobClose", "application/json",
     "{\"type\": \"object\", \"required\": [\"status\", \"reason\"],"
     " \"properties\": {\"status\": {\"enum\": [\"closed\", \"withdrawn\"]},"
     "  \"reason\": {\"type\": \"string\", \"maxLength\": 500}}}"},
    {"JobClosed", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"status\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"},"
     "  \"status\": {\"enum\": [\"closed\", \"withdrawn\"]}}}"},
    {"JobImport", "application/json",
     "{\"type\": \"object\", \"required\": [\"content_base64\"],"
     " \"description\": \"a CSV file (UTF-8 with or without BOM, or GB18030) in base64; header:"
     " title,employer,occupation,region,salary_min,salary_max,valid_until[,openings,valid_from,"
     "education_min,skills,requirements]\","
     " \"properties\": {\"filename\": {\"type\": \"string\"},"
     "  \"content_base64\": {\"type\": \"string\"}}}"},
    {"JobImportResult", "application/json",
     "{\"type\": \"object\", \"required\": [\"read\", \"loaded\", \"rejected\", \"rejects\"],"
     " \"properties\": {\"read\": {\"type\": \"integer\"}, \"loaded\": {\"type\": \"integer\"},"
     "  \"rejected\": {\"type\": \"integer\"},"
     "  \"rejects\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"line\", \"code\", \"field\"],"
     "   \"properties\": {\"line\": {\"type\": \"integer\"}, \"code\": {\"x-vocab\": "
     "\"error_code\"},"
     "    \"field\": " OA_STR_OR_NULL "}}}}}"},
    {"JobMatches", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\", \"intent\"],"
     " \"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"job_id\", \"score\", \"reasons\", \"job\"],"
     "  \"properties\": {\"job_id\": {\"type\": \"integer\"},"
     "   \"score\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 100},"
     "   \"reasons\": {\"type\": \"array\", \"minItems\": 4, \"maxItems\": 4,"
     "    \"items\": {\"type\": \"object\", \"required\": [\"code\", \"points\"],"
     "     \"properties\": {\"code\": {\"type\": \"string\"}, \"points\": {\"type\": "
     "\"integer\"}}}},"
     "   \"job\": {\"type\": \"object\", \"required\": [\"title\", \"employer\", \"occupation\","
     "    \"region\", \"salary_min\", \"salary_max\", \"valid_until\"]}}}},"
     "  \"intent\": {\"type\": \"object\", \"required\": [\"occupation\", \"place\","
     "   \"salary_min\"], \"properties\": {\"occupation\": " OA_STR_OR_NULL ","
     "   \"place\": {\"type\": \"string\"}, \"salary_min\": {\"type\": \"integer\"}}}}}"},
    {"RegistrationList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\", \"next\"],"
     " \"description\": \"one page, newest first; pass `next` as ?cursor= (null: the last page)\","
     " \"properties\": {\"next\": " OA_STR_OR_NULL ", \"items\": {\"type\": \"array\","
     "  \"items\": {\"type\": \"object\", \"required\": [\"registration_no\", \"status\","
     "   \"registered_at\", \"name_masked\", \"register_region\", \"caseworker\", \"tier\","
     "   \"served_as\", \"categories\", \"first_contact_due\", \"overdue\"],"
     "   \"properties\": {\"registration_no\": {\"type\": \"string\"},"
     "    \"status\": {\"enum\": [\"active\", \"exited\"]}, \"registered_at\": " OA_DATE ","
     "    \"name_masked\": {\"type\": \"string\"}, \"register_region\": " OA_REGION ","
     "    \"caseworker\": " OA_STR_OR_NULL ", \"tier\": " OA_STR_OR_NULL ","
     "    \"served_as\": {\"type\": \"string\"},"
     "    \"categories\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "    \"first_contact_due\": " OA_STR_OR_NULL ", \"overdue\": {\"type\": \"boolean\"}}}}}}"},
    {"Registration", "application/json",
     "{\"type\": \"object\", \"description\": \"CONTRACT.md's registration, newest first\","
     " \"required\": [\"registration_no\", \"status\", \"registered_at\", \"person\","
     "  \"services\", \"contacts\", \"exit\", \"application\", \"profile\", \"tier\","
     "  \"categories\", \"served_as\", \"difficulty_categories\", \"caseworker\","
     "  \"first_contact\", \"plans\", \"policy_applications\"],"
     " \"properties\": {\"registration_no\": {\"type\": \"string\"},"
     "  \"status\": {\"enum\": [\"active\", \"exited\"]}, \"registered_at\": " OA_DATE ","
     "  \"person\": {\"type\": \"object\", \"required\": [\"name\", \"id_number\","
     "   \"phone\", \"masked\"], \"description\": \"masked unless ?reveal=true\"},"
     "  \"application\": {\"type\": \"object\", \"required\": [\"application_no\","
     "   \"channel\", \"submitted_at\", \"accepted_on\", \"decided_at\"],"
     "   \"properties\": {\"channel\": {\"x-vocab\": \"channel\"}}},"
     "  \"profile\": {\"type\": \"object\", \"required\": [\"unemployment_reason\","
     "   \"skills\", \"certificates\", \"skill_level\", \"job_intent\", \"training_intent\","
     "   \"startup_intent\", \"explained_on\", \"tier\", \"categories\"]},"
     "  \"tier\": " OA_STR_OR_NULL ","
     "  \"categories\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "  \"served_as\": {\"type\": \"string\"},"
     "  \"difficulty_categories\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "  \"caseworker\": {\"type\": [\"object\", \"null\"]},"
     "  \"agency\": {\"type\": [\"object\", \"null\"]},"
     "  \"first_contact\": {\"type\": \"object\", \"required\": [\"due\", \"done_on\","
     "   \"overdue\"], \"properties\": {\"due\": " OA_STR_OR_NULL ", \"done_on\": " OA_STR_OR_NULL
     ", \"overdue\": {\"type\": \"boolean\"}}},"
     "  \"tier_policy\": {\"type\": [\"object\", \"null\"]},"
     "  \"services\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"id\", \"type\", \"date\", \"content\", \"outcome\", \"link\","
     "    \"followup_due\", \"corrects\", \"corrected\", \"recorded_by\", \"recorded_at\"],"
     "   \"properties\": {\"id\": {\"type\": \"integer\"}, \"type\": {\"type\": \"string\"},"
     "    \"date\": " OA_DATE ", \"followup_due\": " OA_STR_OR_NULL ","
     "    \"corrects\": {\"type\": [\"integer\", \"null\"]},"
     "    \"corrected_by\": {\"type\": [\"integer\", \"null\"]},"
     "    \"corrected\": {\"type\": \"boolean\"}}}},"
     "  \"contacts\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"id\", \"date\", \"method\", \"result\", \"note\"],"
     "   \"properties\": {\"id\": {\"type\": \"integer\"}, \"date\": " OA_DATE ","
     "    \"method\": {\"enum\": [\"phone\", \"visit\", \"data\", \"self_report\"]},"
     "    \"result\": {\"enum\": [\"reached\", \"unreachable\", \"refused\"]}}}},"
     "  \"plans\": {\"type\": \"array\"}, \"policy_applications\": {\"type\": \"array\"},"
     "  \"counters\": " OA_COUNTERS ","
     "  \"exit\": {\"type\": [\"object\", \"null\"], \"description\": \"reason_code, date,"
     " evidence, notified, subkind, source, note, exit_id and notification: null when the exit"
     " owes none, else {channel (log|sms), text, status (pending|sent|failed|cancelled), attempts,"
     " last_error, sent_at, next_attempt_at}\"}}}"},
    {"ProfileEdit", "application/json",
     "{\"type\": \"object\", \"description\": \"only the members sent change\","
     " \"properties\": {\"unemployment_reason\": {\"type\": \"string\"},"
     "  \"skills\": {\"type\": \"string\"}, \"certificates\": {\"type\": \"string\"},"
     "  \"skill_level\": {\"type\": \"string\"},"
     "  \"job_intent\": {\"type\": \"object\", \"properties\": {"
     "   \"occupation\": {\"type\": \"string\", \"description\": \"国家职业分类大典 code\"},"
     "   \"region\": {\"type\": \"string\"},"
     "   \"salary_min\": {\"type\": \"integer\", \"minimum\": 0},"
     "   \"salary_max\": {\"type\": \"integer\", \"minimum\": 0}}},"
     "  \"training_intent\": {\"type\": \"boolean\"}, \"startup_intent\": {\"type\": \"boolean\"},"
     "  \"explained_on\": {\"type\": [\"string\", \"null\"]},"
     "  \"tier\": {\"type\": \"string\"}, \"served_as\": {\"type\": \"string\"},"
     "  \"categories\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "  \"difficulty_categories\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "  \"caseworker_id\": {\"type\": \"integer\", \"minimum\": 1}}}"},
    {"ProfileResult", "application/json",
     "{\"type\": \"object\", \"required\": [\"registration_no\", \"changed\"],"
     " \"properties\": {\"registration_no\": {\"type\": \"string\"},"
     "  \"changed\": {\"type\": \"integer\", \"minimum\": 0}}}"},
    {"ServiceRecord", "application/json",
     "{\"type\": \"object\", \"required\": [\"type\", \"date\"],"
     " \"properties\": {\"type\": {\"type\": \"string\", \"description\": \"service_type code\"},"
     "  \"date\": " OA_DATE ", \"content\": {\"type\": \"string\"},"
     "  \"outcome\": {\"type\": \"string\"},"
     "  \"link\": {\"type\": [\"object\", \"null\"], \"required\": [\"kind\", \"id\"],"
     "   \"properties\": {\"kind\": {\"type\": \"string\"}, \"id\": {\"type\": \"integer\"}}},"
     "  \"followup_due\": {\"type\": [\"string\", \"null\"]},"
     "  \"corrects\": {\"type\": \"integer\", \"minimum\": 1}}}"},
    {"Contact", "application/json",
     "{\"type\": \"object\", \"required\": [\"date\", \"method\", \"result\"],"
     " \"properties\": {\"date\": " OA_DATE ","
     "  \"method\": {\"enum\": [\"phone\", \"visit\", \"data\", \"self_report\"]},"
     "  \"result\": {\"enum\": [\"reached\", \"unreachable\", \"refused\"]},"
     "  \"note\": {\"type\": \"string\"}}}"},
    {"Created", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}}}"},
    {"DueList", "application/json",
     "{\"type\": \"object\", \"required\": [\"today\", \"due\", \"overdue\", \"items\"],"
     " \"properties\": {\"today\": " OA_DATE ", \"due\": {\"type\": \"integer\"},"
     "  \"overdue\": {\"type\": \"integer\"}, \"items\": {\"type\": \"array\","
     "  \"items\": {\"type\": \"object\", \"required\": [\"kind\", \"registration_no\","
     "   \"name_masked\", \"due_on\", \"overdue\", \"ref_id\", \"caseworker\"],"
     "   \"properties\": {\"kind\": {\"enum\": [\"first_contact\", \"service_followup\","
     "     \"tracked_item\", \"monthly_followup\"]},"
     "    \"registration_no\": {\"type\": \"string\"}, \"due_on\": " OA_DATE ","
     "    \"overdue\": {\"type\": \"boolean\"}}}}}}"},
    {"Version", "application/json",
     "{\"type\": \"object\", \"required\": [\"version\"],"
     " \"properties\": {\"version\": {\"type\": \"string\"}}}"},
    {"AuditList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"],"
     " \"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"at\", \"actor\", \"action\", \"object_type\", \"object_id\","
     "   \"remote\", \"detail\"],"
     "  \"properties\": {\"id\": {\"type\": \"integer\"}, \"at\": {\"type\": \"string\"},"
     "   \"actor\": {\"type\": \"string\"}, \"action\": {\"type\": \"string\"},"
     "   \"object_type\": {\"type\": \"string\"}, \"object_id\": {\"type\": \"string\"},"
     "   \"remote\": {\"type\": \"string\"}, \"detail\": {\"type\": \"object\"}}}}}}"},
    {"AuditExport", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\", \"next_from_id\"],"
     " \"properties\": {\"next_from_id\": {\"type\": [\"integer\", \"null\"]},"
     " \"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"seq\", \"hash\", \"at\", \"actor_id\", \"actor\", \"action\","
     "   \"object_type\", \"object_id\", \"remote\", \"detail\"],"
     "  \"properties\": {\"id\": {\"type\": \"integer\"},"
     "   \"seq\": {\"type\": [\"integer\", \"null\"]},"
     "   \"hash\": {\"type\": [\"string\", \"null\"], \"pattern\": \"^[0-9a-f]{64}$\"},"
     "   \"actor_id\": {\"type\": [\"integer\", \"null\"]}, \"at\": {\"type\": \"string\"},"
     "   \"actor\": {\"type\": \"string\"}, \"action\": {\"type\": \"string\"},"
     "   \"object_type\": {\"type\": \"string\"}, \"object_id\": {\"type\": \"string\"},"
     "   \"remote\": {\"type\": \"string\"}}}}}}"},
    {"AuditExportCsv", "text/csv",
     "{\"type\": \"string\", \"description\": \"RFC 4180 CSV, header id,seq,at,actor_id,actor,"
     "action,object_type,object_id,remote,detail,hash\"}"},
    {"ExchangeMessage", "application/json",
     "{\"type\": \"object\", \"required\": [\"header\", \"message\"],"
     " \"description\": \"a signed message between systems (DCI conventions; docs/api.md):"
     " the Signature header covers the BLAKE2b-512 digest of the exact body\","
     " \"properties\": {\"header\": {\"type\": \"object\","
     "  \"required\": [\"message_id\", \"message_ts\", \"action\", \"sender_id\","
     "   \"receiver_id\", \"total_count\"],"
     "  \"properties\": {\"message_id\": {\"type\": \"string\"},"
     "   \"message_ts\": {\"type\": \"string\"}, \"action\": {\"type\": \"string\"},"
     "   \"sender_id\": {\"type\": \"string\"}, \"receiver_id\": {\"type\": \"string\"},"
     "   \"total_count\": {\"type\": \"integer\", \"minimum\": 0},"
     "   \"status\": {\"enum\": [\"received\", \"pending\", \"succeeded\", \"rejected\"]}}},"
     "  \"message\": {\"type\": \"object\","
     "   \"properties\": {\"transaction_id\": {\"type\": \"string\"},"
     "    \"correlation_id\": {\"type\": \"string\"},"
     "    \"ack_status\": {\"enum\": [\"ACK\", \"NACK\", \"ERR\"]}}}}}"},
    {"ExchangeOverview", "application/json",
     "{\"type\": \"object\", \"required\": [\"role\", \"system_id\"],"
     " \"properties\": {\"role\": {\"enum\": [\"national\", \"local\"]},"
     "  \"system_id\": {\"type\": \"string\"},"
     "  \"download_limit_minutes\": {\"type\": \"integer\"},"
     "  \"systems\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"system_id\", \"regions\", \"last_seen_at\", \"waiting_download\","
     "    \"late_download\", \"open\", \"overdue\", \"results\", \"rejected\"]}},"
     "  \"outbox\": {\"type\": \"object\","
     "   \"required\": [\"pending\", \"succeeded\", \"rejected\", \"oldest_pending_at\"]},"
     "  \"connected\": {\"type\": \"boolean\"}, \"last_error\": " OA_STR_OR_NULL "}}"},
    {"ExchangeSystems", "application/json",
     "{\"type\": \"object\", \"required\": [\"role\", \"system_id\", \"items\"],"
     " \"properties\": {\"role\": {\"enum\": [\"national\", \"local\"]},"
     "  \"system_id\": {\"type\": \"string\"},"
     "  \"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"system_id\", \"public_key\", \"regions\", \"last_seen_at\"],"
     "   \"properties\": {\"system_id\": {\"type\": \"string\"},"
     "    \"public_key\": {\"type\": \"string\"},"
     "    \"regions\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
     "    \"last_seen_at\": " OA_STR_OR_NULL "}}}}}"},
    {"ExchangeRegister", "application/json",
     "{\"type\": \"object\", \"required\": [\"system_id\", \"public_key\"],"
     " \"properties\": {\"system_id\": {\"type\": \"string\", \"maxLength\": 64},"
     "  \"public_key\": {\"type\": \"string\"},"
     "  \"regions\": {\"type\": \"array\", \"items\": {\"type\": \"string\","
     "   \"pattern\": \"^[0-9]{2,12}$\"}}}}"},
    {"Consultation", "application/json",
     "{\"type\": \"object\", \"required\": [\"hotline\", \"agencies\", \"online\"],"
     " \"properties\": {\"hotline\": {\"const\": \"12333\"},"
     "  \"agencies\": {\"type\": \"array\"}, \"online\": {\"type\": \"array\","
     "   \"items\": {\"type\": \"object\", \"required\": [\"name_zh\", \"name_en\", \"url\"]}}}}"},
    {"MetricsText", "text/plain",
     "{\"type\": \"string\","
     " \"description\": \"Prometheus text exposition format 0.0.4 (docs/operations.md)\"}"},
    {"TrackNew", "application/json",
     "{\"type\": \"object\", \"required\": [\"kind\", \"on\"],"
     " \"properties\": {\"kind\": {\"x-vocab\": \"track_kind\"},"
     "  \"subject\": {\"type\": \"string\", \"maxLength\": 200},"
     "  \"code\": {\"type\": \"string\", \"description\": \"difficulty category or plan step "
     "type\"},"
     "  \"on\": " OA_DATE ", \"due_on\": " OA_DATE ", \"note\": {\"type\": \"string\"},"
     "  \"amount\": {\"type\": \"integer\", \"minimum\": 1, \"description\": \"yuan (loans)\"},"
     "  \"parent_id\": {\"type\": \"integer\", \"description\": \"a plan step's plan\"},"
     "  \"caseworker\": {\"type\": \"string\", \"description\": \"a plan's designated "
     "caseworker (username)\"},"
     "  \"detail\": {\"type\": \"object\", \"description\": \"kind-specific fields; evidence "
     "for a recognition\"}}}"},
    {"TrackCreated", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\"], \"properties\": {\"id\": {\"type\": "
     "\"integer\"}}}"},
    {"TrackMove", "application/json",
     "{\"type\": \"object\", \"required\": [\"status\", \"on\"],"
     " \"properties\": {\"status\": {\"type\": \"string\"}, \"on\": " OA_DATE ","
     "  \"note\": {\"type\": \"string\"}, \"due_on\": " OA_DATE "}}"},
    {"TrackMoved", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"status\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"}, \"status\": {\"type\": \"string\"}}}"},
    {"TrackList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\", \"today\"],"
     " \"properties\": {\"today\": " OA_DATE
     ", \"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"kind\", \"parent_id\", \"subject\", \"code\", \"amount\","
     "   \"detail\", \"status\", \"opened_on\", \"due_on\", \"closed_on\", \"overdue\", \"steps\","
     "   \"next\"],"
     "  \"properties\": {\"id\": {\"type\": \"integer\"}, \"kind\": {\"x-vocab\": \"track_kind\"},"
     "   \"parent_id\": {\"type\": [\"integer\", \"null\"]}, \"subject\": {\"type\": \"string\"},"
     "   \"code\": {\"type\": \"string\"}, \"amount\": {\"type\": [\"integer\", \"null\"]},"
     "   \"detail\": {\"type\": \"object\"}, \"status\": {\"type\": \"string\"},"
     "   \"opened_on\": " OA_DATE ", \"due_on\": " OA_STR_OR_NULL ","
     "   \"closed_on\": " OA_STR_OR_NULL ", \"overdue\": {\"type\": \"boolean\"},"
     "   \"next\": {\"type\": \"array\", \"items\": {\"type\": \"string\"},"
     "    \"description\": \"the statuses it may move to now\"},"
     "   \"steps\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "    \"required\": [\"status\", \"on\", \"note\", \"recorded_at\"]}}}}}}}"},
    /* issue 9: follow-up */
    {"SelfReport", "application/json",
     "{\"type\": \"object\", \"required\": [\"query_code\", \"kind\", \"date\"],"
     " \"properties\": {\"query_code\": {\"type\": \"string\"},"
     "  \"kind\": {\"enum\": [\"job_search\", \"training\", \"employed\"]},"
     "  \"date\": " OA_DATE ", \"note\": {\"type\": \"string\"},"
     "  \"employer\": {\"type\": \"string\", \"maxLength\": 200,"
     "   \"description\": \"required for employed, absent otherwise\"}}}"},
    {"SelfReportResult", "application/json",
     "{\"type\": \"object\", \"required\": [\"contact_id\", \"kind\", \"exit_proposal_id\"],"
     " \"properties\": {\"contact_id\": {\"type\": \"integer\", \"minimum\": 1},"
     "  \"kind\": {\"type\": \"string\"},"
     "  \"exit_proposal_id\": {\"type\": [\"integer\", \"null\"],"
     "   \"description\": \"the exit proposal (reason 11) an employed report opened\"}}}"},
    /* issue 9: exits */
    {"ExitNew", "application/json",
     "{\"type\": \"object\", \"required\": [\"reason_code\", \"date\"],"
     " \"properties\": {\"reason_code\": {\"type\": \"string\", \"description\": \"code "
     "table exit_reason\"}, \"subkind\": {\"type\": \"string\", \"enum\": [\"\", \"school\","
     " \"military\", \"emigration\"]}, \"date\": " OA_DATE ", \"note\": {\"type\": "
     "\"string\"}, \"evidence\": {\"type\": \"object\"}}}"},
    {"ExitDone", "application/json",
     "{\"type\": \"object\", \"required\": [\"exit_id\", \"reason_code\", \"date\", "
     "\"evidence\", \"notified\"], \"properties\": {\"exit_id\": {\"type\": \"integer\"},"
     " \"reason_code\": {\"type\": \"string\"}, \"subkind\": {\"type\": \"string\"},"
     " \"date\": " OA_DATE ", \"evidence\": {\"type\": \"object\"},"
     " \"notified\": {\"type\": [\"boolean\", \"null\"]}}}"},
    {"ExitRevert", "application/json",
     "{\"type\": \"object\", \"required\": [\"reason\"], \"properties\": {\"reason\": "
     "{\"type\": \"string\"}}}"},
    {"ExitReverted", "application/json",
     "{\"type\": \"object\", \"required\": [\"registration_no\", \"status\"],"
     " \"properties\": {\"registration_no\": {\"type\": \"string\"}, \"status\": "
     "{\"type\": \"string\"}}}"},
    {"ExitProposalList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"], \"properties\": {\"items\": "
     "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"id\", "
     "\"registration_no\", \"reason_code\", \"date\", \"source\", \"evidence\", "
     "\"status\"]}}}}"},
    {"ExitDecision", "application/json",
     "{\"type\": \"object\", \"properties\": {\"note\": {\"type\": \"string\"}}}"},
    {"ExitDecided", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"status\", \"exit_id\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"}, \"status\": {\"type\": "
     "\"string\"}, \"exit_id\": {\"type\": [\"integer\", \"null\"]}}}"},
    /* issue 10: statistics */
    {"StatsReport", "application/json",
     "{\"type\": \"object\", \"required\": [\"period\", \"region\", \"opening\", \"new\","
     " \"exits\", \"closing\", \"exits_total\", \"identity_ok\", \"regions\"],"
     " \"description\": \"closing = opening + new - sum(exits); the by_* breakdowns count the"
     " closing stock (docs/statistics.md)\","
     " \"properties\": {\"period\": {\"type\": \"string\"}, \"region\": " OA_REGION ","
     "  \"opening\": {\"type\": \"integer\"}, \"new\": {\"type\": \"integer\"},"
     "  \"exits\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}},"
     "  \"closing\": {\"type\": \"integer\"}, \"exits_total\": {\"type\": \"integer\"},"
     "  \"identity_ok\": {\"type\": \"boolean\"}, \"partial\": {\"type\": \"boolean\"},"
     "  \"urban_rate_percent\": " OA_STR_OR_NULL ","
     "  \"regions\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}}}"},
    {"StatsForm", "text/csv",
     "{\"type\": \"string\", \"description\": \"the report as a statistics form: CSV (UTF-8"
     " with BOM), XLSX or JSON by ?format\"}"},
    {"StatsCheck", "application/json",
     "{\"type\": \"object\", \"required\": [\"period\", \"region\", \"ok\", \"checks\","
     " \"records\"], \"properties\": {\"ok\": {\"type\": \"boolean\"},"
     "  \"checks\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "   \"required\": [\"check\", \"region\", \"ok\"]}},"
     "  \"records\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}}}"},
    {"StatsSeries", "application/json",
     "{\"type\": \"object\", \"required\": [\"region\", \"items\"],"
     " \"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"period\", \"opening\", \"new\", \"exits\", \"closing\"]}}}}"},
    {"StatsFreeze", "application/json",
     "{\"type\": \"object\", \"required\": [\"period\"],"
     " \"properties\": {\"period\": {\"type\": \"string\"}, \"region\": " OA_REGION "}}"},
    {"StatsRecount", "application/json",
     "{\"type\": \"object\", \"required\": [\"frozen\", \"frozen_at\", \"recount\","
     " \"same\", \"differences\", \"records\"], \"properties\": {\"same\": {\"type\":"
     " \"boolean\"}, \"records\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"registration_no\", \"role\", \"change\", \"cause\"]}}}}"},
    {"StatsEmployed", "application/json",
     "{\"type\": \"object\", \"required\": [\"period\", \"employed\"],"
     " \"properties\": {\"period\": {\"type\": \"string\"}, \"region\": " OA_REGION ","
     "  \"employed\": {\"type\": \"integer\", \"minimum\": 0}}}"},
    {"StatsQuality", "application/json",
     "{\"type\": \"object\", \"required\": [\"period\", \"region\", \"as_of\", \"weights\","
     " \"total\", \"direct\", \"regions\"], \"description\": \"score = 100 - the weighted"
     " mean of the indicators' rates (weights in percent); regions ranked worst first"
     " (docs/statistics.md)\", \"properties\": {\"period\": {\"type\": \"string\"},"
     "  \"region\": " OA_REGION ", \"as_of\": {\"type\": \"string\"},"
     "  \"partial\": {\"type\": \"boolean\"}, \"upload_limit_minutes\": {\"type\":"
     " \"integer\"}, \"weights\": {\"type\": \"object\", \"additionalProperties\":"
     " {\"type\": \"integer\"}}, \"total\": {\"$ref\": "
     "\"#/components/schemas/StatsQualityFigures\"},"
     "  \"direct\": {\"$ref\": \"#/components/schemas/StatsQualityFigures\"},"
     "  \"regions\": {\"type\": \"array\", \"items\": {\"allOf\": [{\"$ref\":"
     " \"#/components/schemas/StatsQualityFigures\"}, {\"type\": \"object\", \"required\":"
     " [\"rank\", \"region\", \"name\"]}]}}}}"},
    {"StatsQualityFigures", "application/json",
     "{\"type\": \"object\", \"required\": [\"records\", \"records_with_defects\","
     " \"missing\", \"invalid\", \"decided\", \"decided_late\", \"pending_overdue\","
     " \"first_contact_overdue\", \"followup_overdue\", \"exits\", \"exits_without_evidence\","
     " \"results_unsent\", \"results_rejected\", \"results_sent\", \"rates_percent\", \"score\"],"
     " \"properties\": {\"missing\": {\"type\": \"object\", \"additionalProperties\":"
     " {\"type\": \"integer\"}}, \"invalid\": {\"type\": \"object\", \"additionalProperties\":"
     " {\"type\": \"integer\"}}, \"rates_percent\": {\"type\": \"object\","
     " \"additionalProperties\": {\"type\": \"string\"}}, \"score\": {\"type\": \"string\"}}}"},
    {"StatsEmployedSet", "application/json",
     "{\"type\": \"object\", \"required\": [\"period\", \"employed\"]}"},
    {"OpenApiDocument", "application/json",
     "{\"type\": \"object\", \"required\": [\"openapi\", \"info\", \"paths\"],"
     " \"properties\": {\"openapi\": {\"type\": \"string\", \"pattern\": \"^3\\\\.1\\\\.\"}}}"},
    /* issue 9: false information */
    {"FlagList", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"],"
     " \"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"application_no\", \"registration_no\", \"name\", \"check\","
     "   \"evidence\", \"status\", \"raised_at\", \"reviewed_by\", \"reviewed_at\", \"note\","
     "   \"credits\"],"
     "  \"properties\": {\"id\": {\"type\": \"integer\"}, \"application_no\": {\"type\": "
     "\"string\"},"
     "   \"registration_no\": " OA_STR_OR_NULL ", \"name\": {\"type\": \"string\","
     "    \"description\": \"masked\"}, \"check\": {\"enum\": [\"employment\", \"pension\"]},"
     "   \"evidence\": {\"type\": \"object\", \"required\": [\"source\", \"event_date\","
     "    \"basis\", \"applied_on\", \"unemployed_since\"]},"
     "   \"status\": {\"enum\": [\"open\", \"confirmed\", \"dismissed\"]},"
     "   \"raised_at\": {\"type\": \"string\"}, \"reviewed_by\": " OA_STR_OR_NULL ","
     "   \"reviewed_at\": " OA_STR_OR_NULL ", \"note\": {\"type\": \"string\"},"
     "   \"credits\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "    \"required\": [\"id\", \"facts\", \"status\", \"recorded_by\", \"decided_by\"]}}}}}}}"},
    {"FlagReview", "application/json",
     "{\"type\": \"object\", \"required\": [\"decision\"],"
     " \"properties\": {\"decision\": {\"enum\": [\"confirm\", \"dismiss\"]},"
     "  \"note\": {\"type\": \"string\", \"maxLength\": 2000}}}"},
    {"FlagReviewed", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"status\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"},"
     "  \"status\": {\"enum\": [\"confirmed\", \"dismissed\"]}}}"},
    {"CreditNew", "application/json",
     "{\"type\": \"object\", \"required\": [\"facts\"],"
     " \"properties\": {\"facts\": {\"type\": \"string\", \"minLength\": 1,"
     "  \"maxLength\": 2000}}}"},
    {"CreditWithdraw", "application/json",
     "{\"type\": \"object\", \"required\": [\"reason\"],"
     " \"properties\": {\"reason\": {\"type\": \"string\", \"minLength\": 1}}}"},
    {"CreditState", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"status\"],"
     " \"properties\": {\"id\": {\"type\": \"integer\"},"
     "  \"status\": {\"enum\": [\"draft\", \"submitted\", \"withdrawn\"]}}}"},
    {"CreditExportCsv", "text/csv",
     "{\"type\": \"string\", \"description\": \"UTF-8 with BOM: a title row, the header "
     "序号,记录编号,申请编号,失业登记编号,核查项,证据来源,证据日期,失信事实,状态,录入人,录入时间,"
     "决定人,决定时间, then one row per submitted record\"}"},
    {"CreditExport", "application/json",
     "{\"type\": \"object\", \"required\": [\"items\"],"
     " \"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
     "  \"required\": [\"id\", \"flag_id\", \"application_no\", \"registration_no\", \"check\","
     "   \"evidence\", \"facts\", \"status\", \"recorded_by\", \"recorded_at\", \"decided_by\","
     "   \"decided_at\", \"exported_at\"]}}}}"},
    /* issue 8: closure */
    {"ReferralList", "application/json",
     "{\"type\": \"object\", \"required\": [\"today\", \"items\"], \"properties\": "
     "{\"today\":"
     " {\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}, \"items\": "
     "{\"ty"
     "pe\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"id\", \"date\", "
     "\"co"
     "ntent\", \"job_id\", \"job\", \"followup_due\", \"overdue\", \"result\", "
     "\"recorded_by\""
     "], \"properties\": {\"id\": {\"type\": \"integer\"}, \"date\": {\"type\": "
     "\"string\", \""
     "pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}, \"content\": {\"type\": \"string\"}, "
     "\"job"
     "_id\": {\"type\": [\"integer\", \"null\"]}, \"job\": {\"type\": [\"object\", "
     "\"null\"], "
     "\"required\": [\"id\", \"title\", \"employer\", \"occupation\", \"region\", "
     "\"region_nam"
     "e\", \"salary_min\", \"salary_max\", \"status\", \"valid_until\"], \"properties\": "
     "{\"id"
     "\": {\"type\": \"integer\"}, \"title\": {\"type\": \"string\"}, \"employer\": "
     "{\"type\":"
     " \"string\"}, \"occupation\": {\"type\": \"string\"}, \"region\": {\"type\": "
     "\"string\"}"
     ", \"region_name\": {\"type\": \"string\"}, \"salary_min\": {\"type\": \"integer\"}, "
     "\"sa"
     "lary_max\": {\"type\": \"integer\"}, \"status\": {\"x-vocab\": \"job_status\"}, "
     "\"valid_"
     "until\": {\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}}}, "
     "\"foll"
     "owup_due\": {\"type\": [\"string\", \"null\"]}, \"overdue\": {\"type\": \"boolean\", "
     "\"d"
     "escription\": \"the follow-up day has passed and no result is recorded\"}, "
     "\"result\": {"
     "\"type\": [\"object\", \"null\"], \"required\": [\"id\", \"result\", \"date\", "
     "\"note\","
     " \"recorded_by\"], \"properties\": {\"id\": {\"type\": \"integer\"}, \"result\": "
     "{\"enum"
     "\": [\"hired\", \"interviewed\", \"rejected\", \"no_show\"]}, \"date\": {\"type\": "
     "\"str"
     "ing\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}, \"note\": {\"type\": "
     "\"string\"},"
     " \"recorded_by\": {\"type\": \"string\"}}}, \"recorded_by\": {\"type\": "
     "\"string\"}}}}}}"},
    {"ReferralNew", "application/json",
     "{\"type\": \"object\", \"required\": [\"job_id\"], \"properties\": {\"job_id\": "
     "{\"type"
     "\": \"integer\", \"minimum\": 1}, \"date\": {\"type\": \"string\", \"pattern\": "
     "\"^[0-9]{"
     "4}-[0-9]{2}-[0-9]{2}$\"}, \"content\": {\"type\": \"string\"}, \"followup_due\": "
     "{\"type"
     "\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}}}"},
    {"ReferralCreated", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"job_id\", \"followup_due\"], "
     "\"propertie"
     "s\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}, \"job_id\": {\"type\": "
     "\"integer"
     "\"}, \"followup_due\": {\"type\": \"string\", \"pattern\": "
     "\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
     "\"}}}"},
    {"ReferralResult", "application/json",
     "{\"type\": \"object\", \"required\": [\"result\"], \"properties\": {\"result\": "
     "{\"enum"
     "\": [\"hired\", \"interviewed\", \"rejected\", \"no_show\"]}, \"date\": {\"type\": "
     "\"stri"
     "ng\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}, \"note\": {\"type\": "
     "\"string\"}, "
     "\"corrects\": {\"type\": \"integer\", \"minimum\": 1}}}"},
    {"ReferralResultCreated", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"referral_id\", \"result\"], "
     "\"properties"
     "\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}, \"referral_id\": {\"type\": "
     "\"inte"
     "ger\"}, \"result\": {\"enum\": [\"hired\", \"interviewed\", \"rejected\", "
     "\"no_show\"]}}"
     "}"},
    {"ListsHanded", "application/json",
     "{\"type\": \"object\", \"properties\": {\"lists\": {\"type\": \"array\", "
     "\"minItems\": 1"
     ", \"uniqueItems\": true, \"items\": {\"enum\": [\"policy\", \"service\", "
     "\"agency\"]}}, "
     "\"date\": {\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}, "
     "\"note"
     "\": {\"type\": \"string\"}}}"},
    {"ListsHandedResult", "application/json",
     "{\"type\": \"object\", \"required\": [\"id\", \"date\", \"region\", \"lists\"], "
     "\"proper"
     "ties\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}, \"date\": {\"type\": "
     "\"string"
     "\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}, \"region\": {\"type\": "
     "\"string\"}, "
     "\"lists\": {\"type\": \"object\", \"description\": \"per list handed, every entry "
     "with th"
     "e version in force that day\", \"additionalProperties\": {\"type\": \"array\", "
     "\"items\""
     ": {\"type\": \"object\", \"required\": [\"id\", \"version\", \"name\"], "
     "\"properties\": "
     "{\"id\": {\"type\": \"integer\"}, \"version\": {\"type\": \"integer\", \"minimum\": "
     "1}, "
     "\"name\": {\"type\": \"string\"}}}}}, \"agency_export\": {\"type\": \"object\", "
     "\"requir"
     "ed\": [\"xlsx\", \"csv\"], \"properties\": {\"xlsx\": {\"type\": \"string\"}, "
     "\"csv\": {"
     "\"type\": \"string\"}}}}}"},
};
#define OPENAPI__N_SCHEMAS (sizeof openapi__schemas / sizeof *openapi__schemas)

/* Query parameters a route may name. */
static const struct {
    const char *name, *json, *description;
} openapi__query[] = {
    {"region", OA_REGION, "a region code: that region and the regions below it"},
    {"caseworker", "{\"type\": \"string\", \"pattern\": \"^(me|[1-9][0-9]*)$\"}",
     "a caseworker's user id, or me"},
    {"agency", "{\"type\": \"string\", \"pattern\": \"^[1-9][0-9]*$\"}", "an agency id"},
    {"tier", "{\"type\": \"string\"}", "a code of the tier table (GET /api/v1/codes/tier)"},
    {"category", "{\"type\": \"string\"}", "a code of the client_category table"},
    {"served_as", "{\"type\": \"string\"}", "a code of the served_as table (79号)"},
    {"parent", OA_REGION, "the parent region (provinces when absent)"},
    {"query_code", "{\"type\": \"string\"}", "the query code of the receipt"},
    {"status", "{\"x-vocab\": \"app_status\"}", "only applications with this status"},
    {"overdue", "{\"enum\": [\"true\", \"false\"]}", "true: only those past their deadline"},
    {"cursor", "{\"type\": \"string\"}", "the `next` of the previous page"},
    {"limit", "{\"type\": \"integer\", \"minimum\": 1}",
     "items per page (queue: at most 100, default 50; audit: at most 1000, default 100; audit "
     "export: at most 10000, default 10000)"},
    {"reveal", "{\"enum\": [\"true\", \"false\"]}",
     "true: personal data unmasked (audited as person.reveal; needs reason)"},
    {"reason", "{\"type\": \"string\", \"minLength\": 1, \"maxLength\": 200}",
     "why the personal data is read (required with reveal=true; kept in the audit log and shown "
     "to the applicant)"},
    {"object_type", "{\"type\": \"string\"}", "entries about objects of this type"},
    {"object_id", "{\"type\": \"string\"}", "with object_type: about this object"},
    {"lang", "{\"enum\": [\"zh\", \"en\"]}", "the language of error messages"},
    {"from_id", "{\"type\": \"integer\", \"minimum\": 1}", "entries from this id on (default 1)"},
    {"to_id", "{\"type\": \"integer\", \"minimum\": 0}", "entries up to this id (0: all)"},
    {"q", "{\"type\": \"string\", \"maxLength\": 100}",
     "only entries whose texts contain this (ASCII letters in any case)"},
    {"on", OA_DATE, "as in force on this day (YYYY-MM-DD; default today)"},
    {"state", "{\"x-vocab\": \"job_status\"}", "only vacancies with this status"},
    {"offered", "{\"enum\": [\"true\", \"false\"]}",
     "true: only vacancies offered today (open, valid today, with openings)"},
    {"occupation", OA_OCCUPATION, "vacancies of this occupation or group (code prefix)"},
    {"q", "{\"type\": \"string\"}", "text in the title or the employer"},
    /* issue 9: exits */
    {"registration", "{\"type\": \"string\"}", "only those of this registration (its number)"},
    /* issue 9: false information */
    {"flag_status", "{\"enum\": [\"open\", \"confirmed\", \"dismissed\"]}",
     "only flags with this status"},
    {"application_no", "{\"type\": \"string\"}", "only the flags of this application"},
    {"registration_no", "{\"type\": \"string\"}", "only the flags of this registration"},
    /* issue 10: statistics */
    {"period", "{\"type\": \"string\", \"pattern\": \"^[0-9]{4}-([0-9]{2}|Q[1-4])$\"}",
     "a reporting period: YYYY-MM (a month) or YYYY-Qn (a quarter)"},
    {"format", "{\"enum\": [\"json\", \"csv\", \"xlsx\"]}", "the file's format (default json)"},
    {"n", "{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 60}",
     "periods ending with ?period (default 12)"},
};

/* A string enum from one of the vocabulary tables. */
static json_t *openapi__vocab(const char *name)
{
    json_t *e = json_array();
    if (strcmp(name, "app_status") == 0)
        for (int i = 0; i < APP_STATUS__COUNT; i++)
            json_array_append_new(e, json_string(vocab_app_status_name((enum app_status)i)));
    else if (strcmp(name, "channel") == 0)
        for (int i = 0; i < CHANNEL__COUNT; i++)
            json_array_append_new(e, json_string(vocab_channel_name((enum channel)i)));
    else if (strcmp(name, "job_status") == 0)
        for (int i = 0; i < JOB_STATUS__COUNT; i++)
            json_array_append_new(e, json_string(vocab_job_status_name((enum job_status)i)));
    else if (strcmp(name, "role") == 0)
        for (int i = 0; i < ROLE__COUNT; i++)
            json_array_append_new(e, json_string(vocab_role_name((enum role)i)));
    else if (strcmp(name, "track_kind") == 0)
        for (int i = 0; i < TRACK_KIND__COUNT; i++)
            json_array_append_new(e, json_string(vocab_track_kind_name((enum track_kind)i)));
    else if (strcmp(name, "error_code") == 0)
        for (int i = 1; i < ERR__COUNT; i++)
            json_array_append_new(e, json_string(err_info(i)->code));
    if (json_array_size(e) == 0) {
        json_decref(e);
        return NULL;
    }
    return e;
}

/* Replace every {"x-vocab": NAME} inside v by a string enum. Returns 0 or -ERR_INTERNAL. */
static int openapi__expand(json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (openapi__expand(x) < 0)
                return -ERR_INTERNAL;
        }
        return 0;
    }
    if (!json_is_object(v))
        return 0;
    const char *name = json_string_value(json_object_get(v, "x-vocab"));
    if (name) {
        json_t *e = openapi__vocab(name);
        if (!e) {
            log_error("http", "event=openapi_unknown_vocab name=%s", name);
            return -ERR_INTERNAL;
        }
        json_object_del(v, "x-vocab");
        json_object_set_new(v, "type", json_string("string"));
        json_object_set_new(v, "enum", e);
        return 0;
    }
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x)
    {
        if (openapi__expand(x) < 0)
            return -ERR_INTERNAL;
    }
    return 0;
}

/* Parse a schema text and expand it; NULL (logged) when it is not valid. */
static json_t *openapi__load(const char *what, const char *text)
{
    json_error_t je;
    json_t *v = json_loads(text, 0, &je);
    if (!v || openapi__expand(v) < 0) {
        log_error("http", "event=openapi_bad_schema name=%s line=%d reason=\"%s\"", what, je.line,
                  v ? "vocab" : je.text);
        json_decref(v);
        return NULL;
    }
    return v;
}

static const struct openapi__schema *openapi__schema(const char *name)
{
    for (size_t i = 0; i < OPENAPI__N_SCHEMAS; i++)
        if (strcmp(openapi__schemas[i].name, name) == 0)
            return &openapi__schemas[i];
    return NULL;
}

static json_t *openapi__ref(const char *name)
{
    char ref[128];
    snprintf(ref, sizeof ref, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", ref);
}

/* {"<content type>": {"schema": {"$ref": ...}}} for a schema name; NULL when unknown. */
static json_t *openapi__content(const char *name)
{
    const struct openapi__schema *sc = openapi__schema(name);
    if (!sc)
        return NULL;
    return json_pack("{s:{s:o}}", sc->content_type, "schema", openapi__ref(name));
}

/* The parameters of a route: its {name} path segments, then its query names. NULL (logged)
 * when a query name is not in the table. */
static json_t *openapi__params(const struct route *r)
{
    json_t *ps = json_array();
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (!e)
            break;
        json_t *name = json_stringn(p + 1, (size_t)(e - p - 1));
        json_array_append_new(ps,
                              json_pack("{s:o, s:s, s:b, s:{s:s, s:i}}", "name", name, "in", "path",
                                        "required", 1, "schema", "type", "string", "minLength", 1));
    }
    const char *q = r->query;
    while (q && *q) {
        const char *e = strchr(q, ',');
        size_t n = e ? (size_t)(e - q) : strlen(q);
        size_t k = 0;
        while (k < sizeof openapi__query / sizeof *openapi__query &&
               !(strlen(openapi__query[k].name) == n && memcmp(openapi__query[k].name, q, n) == 0))
            k++;
        json_t *schema = k < sizeof openapi__query / sizeof *openapi__query
                             ? openapi__load(openapi__query[k].name, openapi__query[k].json)
                             : NULL;
        if (!schema) {
            log_error("http", "event=openapi_unknown_query route=%s query=%.*s", r->pattern, (int)n,
                      q);
            json_decref(ps);
            return NULL;
        }
        json_array_append_new(ps, json_pack("{s:s#, s:s, s:b, s:s, s:o}", "name", q, (int)n, "in",
                                            "query", "required", 0, "description",
                                            openapi__query[k].description, "schema", schema));
        q = e ? e + 1 : NULL;
    }
    return ps;
}

/* The security requirements of a permission: who may call. */
static json_t *openapi__security(int perm)
{
    if (perm == PERM_PUBLIC)
        return json_array();
    if (perm == PERM_METRICS) /* an allowed address needs nothing; elsewhere the token */
        return json_pack("[{}, {s:[]}]", "metricsToken");
    return json_pack("[{s:[]}, {s:[]}]", "sessionCookie", "bearerToken");
}

/* The operation object of one row, or NULL (logged) when it names an unknown schema. */
static json_t *openapi__operation(const struct route *r, size_t index)
{
    json_t *params = openapi__params(r);
    if (!params)
        return NULL;
    const char *resp_name = r->response ? r->response : "";
    json_t *ok = openapi__content(resp_name);
    json_t *err4 = openapi__content("Error"), *err5 = openapi__content("Error");
    json_t *body = r->request ? openapi__content(r->request) : NULL;
    if (!ok || (r->request && !body)) {
        log_error("http", "event=openapi_unknown_schema route=%s request=%s response=%s",
                  r->pattern, r->request ? r->request : "-", resp_name);
        json_decref(params);
        json_decref(ok);
        json_decref(err4);
        json_decref(err5);
        json_decref(body);
        return NULL;
    }
    char status[16], op_id[32];
    snprintf(status, sizeof status, "%d", r->status ? r->status : 200);
    snprintf(op_id, sizeof op_id, "route%02zu", index);
    const char *summary = r->summary ? r->summary : "";
    json_t *responses = json_object();
    json_object_set_new(responses, status,
                        json_pack("{s:s, s:o}", "description", summary, "content", ok));
    json_object_set_new(
        responses, "4XX",
        json_pack("{s:s, s:o}", "description", "the contract's error object", "content", err4));
    json_object_set_new(
        responses, "5XX",
        json_pack("{s:s, s:o}", "description", "internal error (no detail)", "content", err5));
    json_t *op =
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "operationId", op_id, "summary", summary,
                  "x-permission", access_perm_name(r->perm), "security", openapi__security(r->perm),
                  "parameters", params, "responses", responses);
    if (body)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:o}", "required", 1, "content", body));
    return op;
}

/* Lower-case method name for a path item ("GET" → "get"). */
static void openapi__method(const char *m, char *out, size_t n)
{
    size_t i = 0;
    for (; m[i] && i + 1 < n; i++)
        out[i] = (char)(m[i] >= 'A' && m[i] <= 'Z' ? m[i] - 'A' + 'a' : m[i]);
    out[i] = '\0';
}

json_t *openapi_document(const struct route *table, size_t n, const char *version)
{
    json_t *schemas = json_object();
    json_t *paths = json_object();
    json_t *doc = NULL;
    for (size_t i = 0; i < OPENAPI__N_SCHEMAS; i++) {
        json_t *s = openapi__load(openapi__schemas[i].name, openapi__schemas[i].json);
        if (!s)
            goto out;
        json_object_set_new(schemas, openapi__schemas[i].name, s);
    }
    for (size_t i = 0; i < n; i++) {
        json_t *op = openapi__operation(&table[i], i);
        if (!op)
            goto out;
        json_t *item = json_object_get(paths, table[i].pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, table[i].pattern, item);
        }
        char m[16];
        openapi__method(table[i].method, m, sizeof m);
        json_object_set_new(item, m, op);
    }
    doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:{s:o, s:{s:{s:s, s:s, s:s, s:s}, "
        "s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}}}",
        "openapi", "3.1.0", "info", "title", "ureg — 失业登记信息系统 API", "version", version,
        "description",
        "Generated from the route table (src/http/api.c) and its schemas (src/http/openapi.c). "
        "Errors are {\"error\": {\"code\", \"message\", \"field\"}} (CONTRACT.md). Staff send the "
        "session cookie (and X-CSRF-Token on state-changing requests) or a bearer token.",
        "servers", "url", "/", "paths", paths, "components", "schemas", schemas, "securitySchemes",
        "sessionCookie", "type", "apiKey", "in", "cookie", "name", "ureg_session", "description",
        "POST /api/v1/session sets it", "bearerToken", "type", "http", "scheme", "bearer",
        "description", "an API token from `ureg token add`", "metricsToken", "type", "http",
        "scheme", "bearer", "description",
        "`ureg serve --metrics-token`; not needed from an address --metrics-allow admits "
        "(loopback by default)");
    schemas = paths = NULL;
out:
    json_decref(schemas);
    json_decref(paths);
    return doc;
}
