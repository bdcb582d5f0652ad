#include "DemoCatalogue.h"

#include <iterator>

namespace mandate::demo {

namespace {

// The tables below are UTF-8 text with '|' between entries: compact to read and to edit.
QStringList split(const char *text)
{
    return QString::fromUtf8(text).split(u'|', Qt::SkipEmptyParts);
}

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// The tables are laid out by hand for reading; clang-format would reflow them.
// clang-format off
const char *const kFirstNames =
    // English-speaking countries
    "James|Olivia|Liam|Emma|Noah|Ava|William|Sophia|Benjamin|Isabella|Lucas|Mia|Henry|Charlotte|"
    "Alexander|Amelia|Daniel|Harper|Michael|Evelyn|Ethan|Abigail|Jack|Emily|Samuel|Grace|David|"
    "Chloe|Matthew|Hannah|Ryan|Natalie|Nathan|Lily|Owen|Zoe|Caleb|Nora|Thomas|Claire|Andrew|"
    "Rachel|Joseph|Megan|Christopher|Laura|Sarah|Jessica|Rebecca|Kevin|Siobhan|Declan|Aoife|Ciaran|"
    // German, Dutch, Nordic, Finnish
    "Lukas|Leonie|Jonas|Anna|Felix|Lena|Maximilian|Johanna|Tobias|Katharina|Florian|Sabine|"
    "Matthias|Julia|Stefan|Greta|Jan|Marie|Sanne|Daan|Femke|Bram|Lars|Ingrid|Søren|Astrid|Mikkel|"
    "Freya|Erik|Sigrid|Björn|Linnea|Elin|Aino|Mikko|Emil|Maja|Oskar|Jukka|Annika|"
    // French, Italian, Spanish, Portuguese
    "Camille|Louis|Léa|Hugo|Chloé|Théo|Manon|Antoine|Élise|Mathieu|Juliette|Baptiste|Amélie|"
    "Nicolas|Margaux|Giulia|Marco|Francesca|Luca|Chiara|Alessandro|Martina|Matteo|Elena|Giorgio|"
    "Sofía|Mateo|Valentina|Santiago|Lucía|Diego|Camila|Alejandro|Isabel|Javier|Carmen|Pablo|"
    "Ximena|Andrés|Daniela|Carlos|Gabriela|Miguel|Paula|José|João|Beatriz|Tiago|Mariana|Rafael|"
    "Larissa|Gustavo|Fernanda|Bruno|Inês|"
    // Central and Eastern Europe, Greece, Turkey
    "Łukasz|Agnieszka|Piotr|Katarzyna|Tomasz|Magdalena|Marek|Zofia|Ivan|Olga|Dmitri|Anastasia|"
    "Pavel|Milena|Nikola|Jelena|Tereza|Ondřej|Andrei|Ioana|Bence|Réka|Nikos|Eleni|Yannis|Emre|"
    "Elif|Mehmet|Zeynep|Can|Ayşe|"
    // Middle East, North Africa, Iran, Israel
    "Omar|Layla|Youssef|Fatima|Karim|Nour|Hassan|Amira|Tariq|Yasmin|Rami|Leila|Ahmed|Mariam|"
    "Dalia|Arash|Shirin|Darius|Parisa|Noa|Eitan|Tamar|Yael|Avi|"
    // Sub-Saharan Africa
    "Amara|Chidi|Ngozi|Kwame|Abena|Tendai|Thandiwe|Sipho|Zanele|Kofi|Adaeze|Emeka|Folake|"
    "Wanjiru|Kamau|Aisha|Babajide|Nia|Tunde|Lindiwe|Fatou|Moussa|Selam|Dawit|"
    // South Asia
    "Aarav|Priya|Rohan|Ananya|Vikram|Kavya|Arjun|Deepa|Rahul|Meera|Sanjay|Nisha|Aditya|Pooja|"
    "Ravi|Sunita|Farhan|Ayesha|Imran|Nadia|Sandeep|Lakshmi|Harpreet|Gurpreet|Tharindu|Nimali|"
    // East and Southeast Asia
    "Wei|Mei|Jun|Xin|Hao|Lin|Yuki|Haruto|Sakura|Kenji|Aiko|Takeshi|Hina|Min-jun|Ji-woo|Seo-yeon|"
    "Hyun-woo|Jia|Yan|Zhi|Minh|Linh|Thanh|Anh|Putri|Budi|Siti|Rizal|Maria|Paolo|Malee|Somchai|"
    // The Americas' and Pacific's first peoples, and more
    "Aroha|Tane|Kai|Leilani|Sequoia|Tala|Dakota|Mateus|Renata|Joaquín|Florencia|Bautista|Catalina";

const char *const kLastNames =
    "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|Jackson|"
    "Martin|Thompson|White|Harris|Clark|Lewis|Walker|Hall|Young|Allen|King|Wright|Scott|Green|"
    "Baker|Adams|Nelson|Carter|Mitchell|Roberts|Turner|Phillips|Campbell|Parker|Evans|Edwards|"
    "Collins|Stewart|Morris|Murphy|Cook|Rogers|Morgan|Cooper|Peterson|Reed|Bailey|Kelly|Howard|"
    "Ward|Richardson|Wood|Watson|Brooks|Bennett|Gray|Hughes|Price|Sanders|Myers|Ross|Foster|"
    "O'Brien|O'Connor|Murray|Kennedy|Fraser|MacLeod|Byrne|Doyle|"
    "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Koch|Richter|Wolf|"
    "Schröder|Neumann|Zimmermann|Braun|Hartmann|Krüger|Lange|Huber|Gruber|Keller|Brunner|"
    "Bernard|Dubois|Durand|Lefebvre|Moreau|Laurent|Simon|Michel|Leroy|Roux|Fournier|Girard|Bonnet|"
    "Lambert|Fontaine|Rousseau|Blanc|Chevalier|Faure|"
    "García|Rodríguez|Martínez|López|González|Hernández|Pérez|Sánchez|Ramírez|Torres|Flores|"
    "Rivera|Gómez|Díaz|Morales|Ortiz|Castillo|Romero|Vargas|Mendoza|Navarro|Ruiz|Jiménez|Álvarez|"
    "Castro|Silva|Santos|Oliveira|Souza|Pereira|Costa|Ferreira|Almeida|Carvalho|Ribeiro|Gomes|"
    "Rocha|Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Gallo|Conti|"
    "De Luca|Moretti|"
    "de Vries|Jansen|van Dijk|Bakker|Visser|Smit|Meijer|de Boer|Mulder|Hansen|Johansson|"
    "Andersson|Nilsson|Larsen|Karlsson|Eriksson|Lindqvist|Berg|Halvorsen|Virtanen|Korhonen|"
    "Nieminen|Jensen|Nielsen|"
    "Kowalski|Nowak|Kowalczyk|Wójcik|Kamiński|Lewandowski|Zieliński|Novák|Dvořák|Horváth|Nagy|"
    "Kovács|Popescu|Ionescu|Petrov|Ivanov|Sokolov|Volkov|Kuznetsov|Shevchenko|Kovalenko|"
    "Bondarenko|Jovanović|Petrović|Horvat|Papadopoulos|Georgiou|Nikolaidis|Yılmaz|Kaya|Demir|"
    "Şahin|Çelik|Öztürk|Aydın|"
    "Haddad|Khalil|Mansour|Nasser|Hamdan|Saleh|Farouk|Aziz|Rahman|Hassan|El-Amin|Karim|Said|"
    "Abboud|Tehrani|Hosseini|Karimi|Rostami|Cohen|Levi|Mizrahi|Friedman|Katz|"
    "Okafor|Adeyemi|Okonkwo|Mensah|Boateng|Asante|Mwangi|Otieno|Kamau|Ndlovu|Dlamini|Nkosi|Moyo|"
    "Diallo|Traoré|Keita|Abebe|Tesfaye|Eze|Balogun|Achieng|Banda|Phiri|"
    "Sharma|Patel|Singh|Kumar|Gupta|Iyer|Reddy|Nair|Menon|Rao|Desai|Mehta|Chatterjee|Banerjee|"
    "Mukherjee|Joshi|Kapoor|Malhotra|Chowdhury|Hossain|Khan|Qureshi|Siddiqui|Perera|Fernando|Bhatt|"
    "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Lin|Tanaka|Suzuki|Takahashi|"
    "Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Sato|Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|"
    "Nguyen|Tran|Le|Pham|Hoang|Vu|Santoso|Wijaya|Tan|Lim|Ng|Wong|Reyes|Cruz|Bautista|Dela Cruz|"
    "Chaiyaporn|Suwannarat|Ngata|Tuilagi|Kealoha|Begay|Yazzie";

// scope | entity | id prefix | names | permit | step-up policy | step-up reason | forbid | forbid reason
struct ScopeRow
{
    const char *scope;
    const char *entity;
    const char *idPrefix;
    const char *names;
    const char *permit;
    const char *stepUp;
    const char *stepUpReason;
    const char *forbid;
    const char *forbidReason;
    bool money;
};

const char *const kRepos =
    "payments-api|checkout-web|auth-service|search-indexer|billing-worker|notification-service|"
    "ledger-service|mobile-gateway|recommendations|data-ingest|fraud-scoring|inventory-sync|"
    "admin-console|pricing-engine|terraform-live";
const char *const kChannels =
    "#general|#eng-incidents|#sales-wins|#support-escalations|#finance-close|#security-alerts|"
    "#marketing-launches|#data-questions|#ops-logistics|#legal-requests|#people-team|#it-help";
const char *const kDatasets =
    "analytics.events|analytics.sessions|finance.revenue_daily|sales.opportunities|"
    "support.tickets_fact|marketing.attribution|ops.shipments|product.feature_usage";
const char *const kDatabases = "orders-prod|customers-prod|billing-prod|inventory-prod|identity-prod";
const char *const kNamespaces = "payments|checkout|identity|search|data-platform|observability";
const char *const kSocial = "LinkedIn company page|X @meridian|Instagram @meridian|YouTube channel";
const char *const kModels = "fraud-scorer-v7|churn-predictor-v3|demand-forecast-v12|ticket-router-v5";

const ScopeRow kScopes[] = {
    {"calendar:read", "Calendar", "cal_", nullptr, "permit-calendar-read-delegated", nullptr, nullptr, nullptr, nullptr, false},
    {"calendar:write", "CalendarEvent", "evt_", nullptr, "permit-calendar-write-delegated", nullptr, nullptr,
     "forbid-calendar-write-executive-calendars", "Executive calendars are managed by their assistants only", false},
    {"mail:read", "Mailbox", "mbx_", nullptr, "permit-mail-read-delegated", nullptr, nullptr,
     "forbid-mail-read-legal-privileged", "Mail marked legally privileged is never readable by agents", false},
    {"mail:send", "Message", "msg_", nullptr, "permit-mail-send-internal", "stepup-mail-send-external",
     "Mail to an external domain needs the delegating human's approval", "forbid-mail-send-bulk",
     "Agents may not send to more than 50 recipients at once", false},
    {"crm:contacts:read", "Contact", "con_", nullptr, "permit-sales-crm-read", nullptr, nullptr, nullptr, nullptr, false},
    {"crm:contacts:write", "Contact", "con_", nullptr, "permit-sales-crm-write-own-accounts", nullptr, nullptr,
     "forbid-crm-contact-export", "Bulk export of contacts is not allowed for agents", false},
    {"crm:deals:read", "Deal", "deal_", nullptr, "permit-sales-deals-read", nullptr, nullptr, nullptr, nullptr, false},
    {"crm:deals:write", "Deal", "deal_", nullptr, "permit-sales-deals-update", "stepup-deal-discount-over-20pct",
     "Discounts above 20% need a sales manager's approval", "forbid-deal-close-without-signed-order",
     "A deal cannot be closed-won without a signed order form", true},
    {"payments:read", "Payment", "pay_", nullptr, "permit-finance-payments-read", nullptr, nullptr, nullptr, nullptr, true},
    {"payments:refund", "Payment", "pay_", nullptr, "permit-finance-refunds-under-500", "stepup-refunds-over-500",
     "Refunds above 500 EUR need a second person", "forbid-refunds-over-10000",
     "Refunds above 10,000 EUR go through the finance controller, never an agent", true},
    {"invoices:read", "Invoice", "inv_", nullptr, "permit-finance-invoices-read", nullptr, nullptr, nullptr, nullptr, true},
    {"invoices:write", "Invoice", "inv_", nullptr, "permit-finance-invoices-draft", nullptr, nullptr,
     "forbid-invoice-edit-after-posting", "Posted invoices cannot be edited", true},
    {"invoices:approve", "Invoice", "inv_", nullptr, "permit-finance-invoice-approval-under-10k",
     "stepup-invoice-approval-over-10k", "Invoices over 10,000 EUR need a human approver",
     "forbid-self-approval-of-invoices", "An invoice cannot be approved by the session that created it", true},
    {"ledger:read", "LedgerAccount", "gl_", nullptr, "permit-finance-ledger-read", nullptr, nullptr, nullptr, nullptr, false},
    {"ledger:write", "JournalEntry", "je_", nullptr, "permit-finance-journal-drafts", "stepup-manual-journal-entries",
     "Manual journal entries need a controller's approval", "forbid-ledger-write-closed-period",
     "The period is closed", true},
    {"expenses:read", "ExpenseReport", "exp_", nullptr, "permit-finance-expenses-read", nullptr, nullptr, nullptr, nullptr, true},
    {"expenses:approve", "ExpenseReport", "exp_", nullptr, "permit-expenses-approve-under-250",
     "stepup-expenses-over-250", "Expense reports above 250 EUR need the manager's approval", nullptr, nullptr, true},
    {"payroll:read", "PayrollRun", "prl_", nullptr, "permit-payroll-read-hr-finance", nullptr, nullptr,
     "forbid-payroll-outside-hr-finance", "Payroll data is limited to HR and Finance", false},
    {"hr:records:read", "Employee", "emp_", nullptr, "permit-hr-records-read", nullptr, nullptr,
     "forbid-hr-records-health-data", "Health data in employee records is never available to agents", false},
    {"hr:records:write", "Employee", "emp_", nullptr, "permit-hr-records-update-contact-details",
     "stepup-hr-record-changes", "Changes to employment terms need an HR partner's approval", nullptr, nullptr, false},
    {"recruiting:candidates:read", "Candidate", "cand_", nullptr, "permit-recruiting-read", nullptr, nullptr, nullptr, nullptr, false},
    {"recruiting:candidates:write", "Candidate", "cand_", nullptr, "permit-recruiting-update-stage",
     "stepup-candidate-rejection", "Rejecting a candidate needs the hiring manager", nullptr, nullptr, false},
    {"tickets:read", "Ticket", "tkt_", nullptr, "permit-support-tickets-read", nullptr, nullptr, nullptr, nullptr, false},
    {"tickets:write", "Ticket", "tkt_", nullptr, "permit-support-tickets-update", nullptr, nullptr,
     "forbid-ticket-close-vip-without-human", "Tickets of strategic accounts are closed by a person", false},
    {"kb:read", "Article", "kb_", nullptr, "permit-kb-read", nullptr, nullptr, nullptr, nullptr, false},
    {"kb:write", "Article", "kb_", nullptr, "permit-kb-drafts", "stepup-kb-publish-public",
     "Publishing to the public help centre needs an editor", nullptr, nullptr, false},
    {"repo:read", "Repository", nullptr, kRepos, "permit-eng-repo-read", nullptr, nullptr, nullptr, nullptr, false},
    {"repo:write", "Repository", nullptr, kRepos, "permit-eng-repo-write-branches", nullptr, nullptr,
     "forbid-push-to-main", "Agents open pull requests; they never push to main", false},
    {"ci:run", "Pipeline", nullptr, kRepos, "permit-eng-ci-run", nullptr, nullptr, nullptr, nullptr, false},
    {"ci:deploy", "Service", nullptr, kRepos, "permit-deploy-staging", "stepup-prod-deploy",
     "Production deployments need an on-call engineer's approval", "forbid-prod-deploy-friday",
     "No production deployments on Fridays after 14:00", false},
    {"k8s:logs:read", "Namespace", nullptr, kNamespaces, "permit-eng-logs-read", nullptr, nullptr, nullptr, nullptr, false},
    {"db:analytics:read", "Dataset", nullptr, kDatasets, "permit-analytics-read", nullptr, nullptr, nullptr, nullptr, false},
    {"db:prod:read", "Database", nullptr, kDatabases, "permit-prod-db-read-non-pii", "stepup-prod-db-read-pii",
     "Reading production tables with personal data needs approval", nullptr, nullptr, false},
    {"db:prod:write", "Database", nullptr, kDatabases, "permit-prod-db-write-runbook", "stepup-prod-db-write",
     "Writes to production databases need a second engineer", "forbid-prod-db-schema-change-by-agents",
     "Schema changes go through migrations, never an agent session", false},
    {"warehouse:query", "Dataset", nullptr, kDatasets, "permit-warehouse-query", nullptr, nullptr,
     "forbid-warehouse-export-pii", "Exports with personal data leave the warehouse only through approved jobs", false},
    {"docs:read", "Document", "doc_", nullptr, "permit-docs-read-shared", nullptr, nullptr,
     "forbid-docs-read-board-folder", "Board papers are not readable by agents", false},
    {"docs:write", "Document", "doc_", nullptr, "permit-docs-write-team-folders", nullptr, nullptr,
     "forbid-docs-external-sharing", "Agents cannot share documents outside the company", false},
    {"slack:read", "Channel", nullptr, kChannels, "permit-slack-read-public-channels", nullptr, nullptr, nullptr, nullptr, false},
    {"slack:post", "Channel", nullptr, kChannels, "permit-slack-post-team-channels", nullptr, nullptr,
     "forbid-slack-post-general", "Only people post to #general", false},
    {"contracts:read", "Contract", "ctr_", nullptr, "permit-legal-contracts-read", nullptr, nullptr, nullptr, nullptr, false},
    {"contracts:write", "Contract", "ctr_", nullptr, "permit-legal-contracts-redline", nullptr, nullptr, nullptr, nullptr, false},
    {"contracts:sign", "Contract", "ctr_", nullptr, "permit-legal-signature-prepare", "stepup-contract-signature",
     "Signing binds the company: legal counsel must approve", "forbid-sign-above-authority-matrix",
     "The contract value exceeds the signing authority matrix", true},
    {"legal:matters:read", "Matter", "mat_", nullptr, "permit-legal-matters-read", nullptr, nullptr,
     "forbid-legal-hold-matters", "Matters under legal hold are closed to agents", false},
    {"privacy:requests:write", "PrivacyRequest", "dsr_", nullptr, "permit-privacy-requests-handle",
     "stepup-privacy-erasure", "Erasure requests need the privacy officer's approval", nullptr, nullptr, false},
    {"siem:alerts:read", "Alert", "alr_", nullptr, "permit-security-alerts-read", nullptr, nullptr, nullptr, nullptr, false},
    {"siem:alerts:write", "Alert", "alr_", nullptr, "permit-security-alerts-triage", "stepup-alert-suppression",
     "Suppressing a detection rule needs a security lead", nullptr, nullptr, false},
    {"iam:users:read", "User", "usr_", nullptr, "permit-iam-directory-read", nullptr, nullptr, nullptr, nullptr, false},
    {"iam:keys:rotate", "ApiKey", "key_", nullptr, "permit-key-rotation-non-prod", "stepup-key-rotation-prod",
     "Rotating production keys needs the service owner", "forbid-root-key-rotation-by-agents",
     "Root and KMS master keys are rotated by people", false},
    {"vuln:scan", "Asset", "ast_", nullptr, "permit-security-scans-business-hours", nullptr, nullptr,
     "forbid-scans-on-payment-zone", "The PCI zone is scanned only by the approved scanner", false},
    {"cloud:billing:read", "BillingAccount", "ba_", nullptr, "permit-cloud-billing-read", nullptr, nullptr, nullptr, nullptr, true},
    {"marketing:campaigns:read", "Campaign", "cmp_", nullptr, "permit-marketing-campaigns-read", nullptr, nullptr, nullptr, nullptr, false},
    {"marketing:campaigns:write", "Campaign", "cmp_", nullptr, "permit-marketing-campaign-drafts",
     "stepup-campaign-launch-over-10k-recipients", "Launching to more than 10,000 recipients needs approval",
     "forbid-campaign-to-unsubscribed", "Unsubscribed contacts are never mailed", false},
    {"ads:spend:write", "AdAccount", "ads_", nullptr, "permit-ads-budget-under-5k", "stepup-ad-budget-over-5k",
     "Budget changes above 5,000 EUR need the channel owner", nullptr, nullptr, true},
    {"social:post", "SocialAccount", nullptr, kSocial, "permit-social-drafts", "stepup-social-post-public",
     "Public posts need the social media manager", nullptr, nullptr, false},
    {"analytics:web:read", "Property", "prop_", nullptr, "permit-web-analytics-read", nullptr, nullptr, nullptr, nullptr, false},
    {"inventory:read", "Sku", "sku_", nullptr, "permit-ops-inventory-read", nullptr, nullptr, nullptr, nullptr, false},
    {"inventory:write", "Sku", "sku_", nullptr, "permit-ops-inventory-adjust-small", "stepup-inventory-write-off",
     "Write-offs above 100 units need the warehouse manager", nullptr, nullptr, false},
    {"procurement:po:write", "PurchaseOrder", "po_", nullptr, "permit-procurement-po-under-25k",
     "stepup-po-over-25k", "Purchase orders above 25,000 EUR need budget-holder approval",
     "forbid-po-unapproved-vendor", "The vendor has not passed onboarding", true},
    {"vendors:read", "Vendor", "ven_", nullptr, "permit-procurement-vendors-read", nullptr, nullptr, nullptr, nullptr, false},
    {"shipping:write", "Shipment", "shp_", nullptr, "permit-ops-shipping-update", nullptr, nullptr,
     "forbid-shipping-to-sanctioned-countries", "Destination is under export restrictions", false},
    {"devices:manage", "Device", "dev_", nullptr, "permit-it-device-management", "stepup-device-wipe",
     "Remote wipe needs the device owner's manager", nullptr, nullptr, false},
    {"customers:pii:read", "Customer", "cus_", nullptr, "permit-support-customer-profile", "stepup-pii-bulk-read",
     "Reading more than 20 customer profiles needs approval", "forbid-pii-export-outside-eu",
     "EU customer data stays in EU regions", false},
    {"ml:models:invoke", "MlModel", nullptr, kModels, "permit-ml-inference", nullptr, nullptr, nullptr, nullptr, false},
};

// The generator holds scope sets as 64-bit masks over this table.
static_assert(std::size(kScopes) <= 64);

struct DepartmentRow
{
    const char *name;
    int humanWeight;
    int agentWeight;
    const char *scopes;   // space separated, the most common first
    const char *objects;  // "Name/plural|..."
    const char *curated;  // "Name=Purpose|..."
    const char *tasks;
};

const DepartmentRow kDepartments[] = {
    {"Engineering", 24, 18,
     "repo:read tickets:read ci:run repo:write k8s:logs:read docs:write ci:deploy slack:read db:prod:read "
     "db:analytics:read iam:keys:rotate db:prod:write cloud:billing:read",
     "Pull Request/pull requests|Release/releases|Incident/incidents|Build/builds|Dependency/dependency updates|"
     "Test Suite/test suites|Migration/database migrations|Changelog/changelogs|On-call/on-call pages|"
     "Flaky Test/flaky tests|API Docs/API documentation pages|Infra Cost/infrastructure costs|Log/service logs|"
     "Postmortem/postmortems|Feature Flag/feature flags",
     "Pull Request Reviewer=Reviews pull requests for style, tests and risky changes, and leaves comments for "
     "the author.|Release Notes Writer=Turns merged pull requests into release notes for each service.|"
     "Incident Commander Copilot=Keeps the incident timeline, pulls logs and drafts status updates during "
     "outages.|Flaky Test Hunter=Finds tests that fail intermittently, quarantines them and opens tickets.|"
     "Dependency Updater=Opens pull requests that bump vulnerable or outdated dependencies.|"
     "On-call Log Summarizer=Summarises overnight pages and log anomalies for the morning hand-over.|"
     "Deployment Assistant=Prepares deployments, runs pre-flight checks and deploys to staging on request.|"
     "Migration Planner=Plans database migrations and checks them against production data volumes.|"
     "Code Search Assistant=Answers questions about the code base with links to the relevant files.",
     "Review pull request #{N} in {S}|Write release notes for {S} {X}|Investigate failing build #{N} of {S}|"
     "Summarise last night's pages for {S}|Bump dependencies in {S}|Deploy {S} {X} to staging|"
     "Roll out {S} {X} to production|Plan the database migration for {S}|Find flaky tests in {S}|"
     "Draft the postmortem for incident INC-{N}|Check the error budget of {S} for {M}"},
    {"Sales", 18, 14,
     "crm:contacts:read crm:deals:read calendar:read mail:read crm:contacts:write crm:deals:write mail:send "
     "docs:write calendar:write slack:post contracts:read",
     "Lead/inbound leads|Pipeline/pipeline updates|Renewal/renewals|Quote/quotes|Account/accounts|Deal/deals|"
     "Territory/territory plans|Meeting Notes/meeting notes|RFP/RFP responses|Churn/churn signals|"
     "Prospect/prospects|Discount/discount requests",
     "Pipeline Forecaster=Forecasts the quarter's pipeline by region from CRM history and flags slipping "
     "deals.|Renewal Quote Drafter=Drafts renewal quotes from the current contract and usage for the "
     "account executive to send.|Lead Qualifier=Scores inbound leads against the ideal customer profile and "
     "routes them to sales development.|Account Research Assistant=Prepares account briefs before customer "
     "calls from the CRM and public sources.|Meeting Notes Summarizer=Summarises customer calls into the "
     "CRM with next steps and owners.|RFP Responder=Answers RFP and security questionnaires from approved "
     "content.|Discount Desk Assistant=Checks discount requests against pricing policy before they reach "
     "deal desk.|CRM Hygiene Bot=Merges duplicate contacts and fills missing fields in the CRM.",
     "Draft renewal quote for {C}|Research {C} ahead of Thursday's call|Update the {Q} pipeline forecast for "
     "{R}|Qualify inbound leads from the {R} webinar|Summarise the discovery call with {C}|Prepare the QBR "
     "deck for {C}|Answer the security questionnaire from {C}|Log meeting notes for {C} in the CRM|"
     "Propose a discount for {C}'s expansion deal|Book a follow-up meeting with {C}"},
    {"Finance", 9, 12,
     "invoices:read payments:read ledger:read expenses:read invoices:write invoices:approve payments:refund "
     "ledger:write expenses:approve mail:send vendors:read payroll:read cloud:billing:read",
     "Invoice/invoices|Expense/expense reports|Ledger/ledger entries|Payment/payments|Vendor Bill/vendor bills|"
     "Refund/refund requests|Budget/budgets|Cash Flow/cash flow statements|Revenue/revenue schedules|"
     "Tax/tax filings|Month-End Close/month-end close tasks|Audit Evidence/audit evidence requests|"
     "Purchase Order/purchase orders",
     "Invoice Reconciler=Matches incoming invoices to purchase orders and receipts, and flags mismatches "
     "for accounts payable.|Expense Auditor=Checks expense reports against the travel policy and asks for "
     "missing receipts.|Refund Processor=Processes customer refunds within policy limits and asks a human "
     "above them.|Month-End Close Assistant=Runs the month-end close checklist and prepares accrual "
     "journal drafts.|Vendor Payment Scheduler=Schedules vendor payments to their due dates and the cash "
     "plan.|Revenue Recognition Checker=Checks new contracts for revenue recognition rules before "
     "booking.|Cash Flow Forecaster=Forecasts weekly cash flow from receivables, payables and payroll.|"
     "Collections Reminder Drafter=Drafts polite reminders for overdue invoices for the collections team.",
     "Reconcile {M} invoices for {C}|Match {V} bills against open purchase orders|Prepare the {M} "
     "month-end close checklist|Review refund request #{N} from {C}|Forecast {Q} cash flow for {R}|Chase "
     "overdue invoices from {C}|Categorise {M} corporate card expenses|Draft the {Q} variance commentary "
     "for {R}|Verify VAT on {V} invoices for {M}|Schedule vendor payments due this week"},
    {"Support", 14, 14,
     "tickets:read kb:read tickets:write customers:pii:read mail:send payments:refund kb:write slack:post "
     "crm:contacts:read",
     "Ticket/support tickets|Escalation/escalations|Refund/refund requests|Knowledge Base/knowledge base "
     "articles|Chat/live chats|Complaint/complaints|SLA/SLA breaches|Customer Feedback/customer feedback|"
     "Bug Report/bug reports|Onboarding/onboarding requests",
     "Support Triage Assistant=Reads new tickets, sets priority and product area, and routes them to the "
     "right queue.|Refund Resolver=Resolves refund requests within policy and hands larger ones to a "
     "person.|Knowledge Base Writer=Turns resolved tickets into knowledge base drafts.|Escalation "
     "Summarizer=Summarises escalated tickets for the account team with the full history.|SLA Watchdog="
     "Watches open tickets and warns the team before an SLA is breached.|Customer Reply Drafter=Drafts "
     "replies in the customer's language for an agent to review and send.|Churn Risk Spotter=Spots "
     "frustrated customers in ticket history and alerts their account manager.",
     "Triage overnight tickets in the {R} queue|Resolve ticket SUP-{N} for {C}|Process the refund for order "
     "#{N}|Summarise escalation SUP-{N} for the account team|Draft a reply to {C} about the outage|Update "
     "the knowledge base article on SSO setup|Check SLA breaches for {C} this week|Tag and route new chats "
     "from {R}"},
    {"Marketing", 8, 8,
     "marketing:campaigns:read analytics:web:read docs:write marketing:campaigns:write social:post "
     "ads:spend:write crm:contacts:read mail:send slack:post",
     "Campaign/campaigns|Newsletter/newsletters|Social Post/social posts|Blog Post/blog posts|Ad Spend/ad "
     "budgets|SEO/SEO reports|Event/event follow-ups|Press Release/press releases|Persona/buyer personas|"
     "Web Analytics/web analytics reports",
     "Campaign Planner=Plans campaigns across channels and prepares briefs for the team.|Newsletter "
     "Drafter=Drafts the monthly newsletter from product updates and customer stories.|Social Media "
     "Scheduler=Schedules approved social posts at the best time per channel.|SEO Analyst=Finds pages "
     "losing search traffic and proposes fixes.|Ad Budget Optimizer=Moves ad budget between campaigns "
     "towards the best cost per lead.|Press Release Drafter=Drafts press releases from launch briefs for "
     "communications to edit.|Event Follow-up Assistant=Sends personalised follow-ups to event leads.",
     "Plan the {M} newsletter|Draft social posts for the {R} product launch|Analyse {Q} campaign "
     "performance in {R}|Rebalance ad budget across {R} campaigns|Draft a customer case study with {C}|"
     "Prepare follow-ups for leads from the {R} summit|Check the new landing page against brand guidelines"},
    {"Legal", 4, 4,
     "contracts:read docs:read contracts:write legal:matters:read mail:read contracts:sign "
     "privacy:requests:write mail:send",
     "Contract/contracts|NDA/NDAs|Clause/contract clauses|Privacy Request/privacy requests|Trademark/"
     "trademark filings|Policy/internal policies|Litigation Hold/litigation holds|DPA/data processing "
     "agreements|Compliance/compliance checks|Regulatory Filing/regulatory filings",
     "Contract Redliner=Redlines inbound contracts against the company's playbook and explains each change.|"
     "NDA Reviewer=Reviews NDAs and approves standard ones for signature.|Clause Extractor=Extracts "
     "renewal, termination and liability clauses into the contract register.|Privacy Request Handler="
     "Handles data subject requests: finds the data, prepares the answer, asks before erasing.|Obligation "
     "Tracker=Tracks contractual obligations and reminds owners before deadlines.|Signature Coordinator="
     "Prepares signature packets and routes them to authorised signatories.|Regulatory Change Monitor="
     "Summarises regulatory changes relevant to the company's markets.",
     "Redline the MSA from {C}|Review the NDA with {C}|Extract renewal and termination clauses from the {C} "
     "contract|Answer data subject request DSR-{N}|Check the {C} DPA against our template|Prepare the "
     "signature packet for the {C} order form|Summarise new {R} privacy regulation changes"},
    {"HR", 4, 4,
     "recruiting:candidates:read calendar:read hr:records:read calendar:write mail:send "
     "recruiting:candidates:write hr:records:write docs:write payroll:read",
     "Candidate/candidates|Job Posting/job postings|Onboarding/new-hire onboarding plans|Offboarding/"
     "offboarding checklists|Interview/interviews|Benefits/benefits questions|Leave Request/leave requests|"
     "Performance Review/performance reviews|Policy/HR policies",
     "Candidate Screener=Screens applications against the role's must-haves and summarises each candidate.|"
     "Interview Scheduler=Schedules interview loops across interviewers' calendars.|Onboarding Buddy="
     "Guides new hires through their first weeks and answers common questions.|Benefits Helpdesk=Answers "
     "employees' benefits questions from the policy handbook.|Offboarding Checklist Runner=Runs the "
     "offboarding checklist and confirms each access removal.|Job Description Writer=Drafts inclusive job "
     "descriptions from the hiring manager's notes.",
     "Screen applicants for Senior Engineer ({R})|Schedule interviews for {P}|Prepare the onboarding plan "
     "for {P}|Answer benefits questions from the {R} team|Run the offboarding checklist for {P}|Draft a job "
     "description for a {R} Account Executive|Summarise {Q} engagement survey comments"},
    {"Security", 5, 6,
     "siem:alerts:read iam:users:read siem:alerts:write vuln:scan k8s:logs:read iam:keys:rotate repo:read "
     "slack:post tickets:write devices:manage",
     "Alert/security alerts|Vulnerability/vulnerabilities|Phishing Report/phishing reports|Access Review/"
     "access reviews|Secret/leaked secrets|Threat Intel/threat intelligence feeds|Incident/security "
     "incidents|Key Rotation/key rotations|Audit Log/audit logs|Patch/patches",
     "Phishing Triage Assistant=Analyses reported emails, pulls indicators and quarantines confirmed "
     "phishing.|Alert Enricher=Enriches SIEM alerts with asset, identity and threat intel context.|"
     "Vulnerability Prioritizer=Ranks new vulnerabilities by exploitability and exposure of affected "
     "assets.|Access Review Assistant=Prepares quarterly access reviews and chases reviewers.|Secret "
     "Scanner=Scans repositories and tickets for leaked credentials and opens rotation tasks.|Threat "
     "Intel Summarizer=Summarises threat intel relevant to the company's stack every morning.|Key "
     "Rotation Runner=Rotates service credentials on schedule and verifies the services still work.",
     "Triage the phishing report from {P}|Enrich alert ALR-{N} with threat intel|Prioritise critical CVEs "
     "affecting {S}|Prepare the {Q} access review for {S}|Rotate API keys for {S}|Investigate an "
     "impossible-travel alert for {P}|Scan {S} for leaked secrets"},
    {"Operations", 7, 8,
     "inventory:read vendors:read shipping:write inventory:write procurement:po:write mail:send docs:write "
     "slack:post",
     "Shipment/shipments|Inventory/inventory levels|Vendor/vendor scorecards|Purchase Order/purchase orders|"
     "Facilities Request/facilities requests|Supplier/supplier reviews|Capacity/capacity plans|Route/"
     "delivery routes|Warehouse/warehouse tasks|Forecast/demand forecasts",
     "Shipment Tracker=Tracks shipments with carriers and warns customers' account teams of delays.|"
     "Inventory Rebalancer=Proposes stock transfers between warehouses to avoid stock-outs.|Supplier "
     "Scorecard Builder=Builds quarterly supplier scorecards from delivery and quality data.|Purchase Order "
     "Assistant=Raises purchase orders from approved requests and matches them to contracts.|Demand "
     "Forecaster=Forecasts demand per region and product line from orders and seasonality.|Facilities "
     "Request Router=Routes facilities requests to the right site team.",
     "Track delayed shipments to {C}|Rebalance inventory between {R} warehouses|Raise a purchase order for "
     "{V}|Score {V} for the {Q} supplier review|Forecast {M} demand for {R}|Route facilities request #{N}"},
    {"Data", 6, 9,
     "db:analytics:read warehouse:query docs:write ml:models:invoke slack:post db:prod:read repo:read",
     "Dashboard/dashboards|Data Quality/data quality checks|Pipeline/data pipelines|Schema/schema changes|"
     "Metric/metrics definitions|Experiment/A/B experiments|Query/SQL queries|Model/ML models|Feature Store/"
     "feature store updates|Report/weekly reports",
     "Dashboard Narrator=Writes the story behind each week's dashboard changes for leadership.|Data "
     "Quality Monitor=Checks freshness, volume and schema of key tables and opens incidents.|SQL Copilot="
     "Writes and explains SQL against the warehouse for analysts.|Experiment Analyst=Analyses A/B tests and "
     "reports effect sizes with confidence intervals.|Schema Change Reviewer=Reviews schema changes for "
     "downstream breakage.|Metrics Explainer=Explains how each company metric is defined and computed.|"
     "Pipeline Doctor=Diagnoses failed data pipeline runs and proposes fixes.",
     "Explain the drop in weekly active users|Fix the failing {S} ingestion pipeline|Check data quality of "
     "the {M} revenue tables|Build a churn dashboard for {R}|Analyse experiment EXP-{N}|Review the schema "
     "change for {S}|Answer an ad-hoc query from the {R} sales team"},
    {"IT", 4, 3,
     "iam:users:read devices:manage tickets:read tickets:write mail:send slack:post cloud:billing:read",
     "Laptop/laptop requests|Access Request/access requests|License/software licences|Password Reset/"
     "password resets|Device/devices|Helpdesk/helpdesk tickets|SaaS/SaaS subscriptions",
     "Laptop Provisioner=Orders, enrols and ships laptops for new hires.|Access Request Assistant=Handles "
     "access requests and routes them to the resource owner.|License Optimizer=Finds unused software "
     "licences and proposes reclaiming them.|Password Reset Helper=Verifies employees and guides them "
     "through password and MFA resets.|Helpdesk Triage Assistant=Triages IT helpdesk tickets and solves "
     "the common ones.|SaaS Spend Auditor=Audits SaaS subscriptions for duplicates and unused seats.",
     "Provision a laptop for {P}|Grant {P} access to the {R} shared drive|Reset MFA for {P}|Reclaim unused "
     "{V} licences|Triage helpdesk ticket IT-{N}|Audit SaaS subscriptions renewing in {M}"},
};

const char *const kRoles =
    "Assistant=Helps the %2 team with %1: gathers context, drafts the next step and hands it to a person.|"
    "Reviewer=Reviews %1 against the %2 team's standards and comments for the responsible owner.|"
    "Summarizer=Summarises %1 into a daily digest for the %2 team.|"
    "Analyst=Analyses %1 and reports trends and outliers to %2 leads.|"
    "Triage Assistant=Triages incoming %1, sets priority and routes each item to the right queue.|"
    "Planner=Plans work on %1 and proposes schedules and checklists for the %2 team to confirm.|"
    "Monitor=Watches %1 around the clock and opens a ticket when something looks wrong.|"
    "Drafter=Drafts %1 from templates and past examples for a person to review.|"
    "Auditor=Checks %1 for policy exceptions and prepares evidence for audits.|"
    "Reconciler=Reconciles %1 against source records and flags mismatches for review.|"
    "Classifier=Classifies %1 by type, urgency and owner so nothing sits unassigned.|"
    "Forecaster=Forecasts %1 for the coming quarter from historical data.|"
    "Router=Routes %1 to the right person by content, region and workload.|"
    "Copilot=Works alongside the %2 team on %1, proposing actions a person confirms.|"
    "Extractor=Extracts key fields from %1 into structured records.";

struct ModelRow
{
    const char *provider;
    const char *name;
    const char *version;
    int weight;
};

const ModelRow kModelRows[] = {
    {"Anthropic", "claude-sonnet-4.5", "20250929", 22},
    {"Anthropic", "claude-opus-4.1", "20250805", 6},
    {"Anthropic", "claude-haiku-4.5", "20251001", 10},
    {"Anthropic", "claude-3.7-sonnet", "20250219", 4},
    {"OpenAI", "gpt-5", "2025-08-07", 16},
    {"OpenAI", "gpt-4.1", "2025-04-14", 9},
    {"OpenAI", "o3", "2025-04-16", 5},
    {"OpenAI", "gpt-4o-mini", "2024-07-18", 4},
    {"Google", "gemini-2.5-pro", "2025-06-17", 8},
    {"Google", "gemini-2.5-flash", "2025-06-17", 5},
    {"Mistral", "mistral-large-2", "2411", 4},
    {"Mistral", "mistral-small-3.1", "2503", 2},
    {"Meta", "llama-4-maverick", "17b-128e-instruct", 3},
    {"Meta", "llama-3.3-70b", "instruct", 2},
    {"Cohere", "command-a", "03-2025", 1},
};

struct RuntimeRow
{
    const char *name;
    int weight;
    const char *prefix;
};

const RuntimeRow kRuntimeRows[] = {
    {"k8s/prod-eu-west-1", 24, "10.12."},
    {"k8s/prod-us-east-1", 20, "10.22."},
    {"k8s/prod-ap-southeast-1", 6, "10.32."},
    {"k8s/staging-eu-west-1", 5, "10.112."},
    {"aws-lambda/eu-west-1", 10, "172.31."},
    {"aws-lambda/us-east-1", 8, "172.30."},
    {"gcp-cloud-run/europe-west4", 7, "10.164."},
    {"azure-functions/westeurope", 3, "10.200."},
    {"desktop", 9, "192.168."},
    {"ci-runner", 6, "10.250."},
    {"vm/onprem-fra1", 2, "10.8."},
};

// clang-format on

} // namespace

int Catalogue::scopeIndex(QStringView scope) const
{
    for (qsizetype i = 0; i < scopes.size(); ++i) {
        if (scopes.at(i).scope == scope)
            return int(i);
    }
    return -1;
}

Catalogue buildCatalogue()
{
    Catalogue c;
    c.companyDomain = QStringLiteral("meridian-group.example");
    c.firstNames = split(kFirstNames);
    c.lastNames = split(kLastNames);

    for (const ScopeRow &row : kScopes) {
        ScopeEntry e;
        e.scope = s(row.scope);
        e.entity = s(row.entity);
        if (row.idPrefix)
            e.idPrefix = s(row.idPrefix);
        if (row.names)
            e.names = split(row.names);
        e.permitPolicy = s(row.permit);
        if (row.stepUp) {
            e.stepUpPolicy = s(row.stepUp);
            e.stepUpReason = s(row.stepUpReason);
        }
        if (row.forbid) {
            e.forbidPolicy = s(row.forbid);
            e.forbidReason = s(row.forbidReason);
        }
        e.money = row.money;
        c.scopes << e;
    }
    for (const char *common : {"docs:read", "slack:post", "calendar:read", "mail:read"})
        c.commonScopes << c.scopeIndex(QString::fromLatin1(common));

    for (const DepartmentRow &row : kDepartments) {
        Department d;
        d.name = s(row.name);
        d.humanWeight = row.humanWeight;
        d.agentWeight = row.agentWeight;
        for (const QString &scope : s(row.scopes).split(u' ', Qt::SkipEmptyParts)) {
            const int index = c.scopeIndex(scope);
            Q_ASSERT_X(index >= 0, "buildCatalogue", "a department names an unknown scope");
            if (index >= 0)
                d.scopes << index;
        }
        for (const QString &object : split(row.objects)) {
            const qsizetype slash = object.indexOf(u'/');
            d.objects << AgentObject{object.left(slash), object.mid(slash + 1)};
        }
        for (const QString &curated : split(row.curated)) {
            const qsizetype eq = curated.indexOf(u'=');
            d.curated << CuratedAgent{curated.left(eq), curated.mid(eq + 1)};
        }
        d.tasks = split(row.tasks);
        c.departments << d;
    }
    for (const QString &role : split(kRoles)) {
        const qsizetype eq = role.indexOf(u'=');
        c.roles << AgentRole{role.left(eq), role.mid(eq + 1)};
    }
    for (const ModelRow &row : kModelRows)
        c.models << Model{s(row.provider), s(row.name), s(row.version), row.weight};
    for (const RuntimeRow &row : kRuntimeRows)
        c.runtimes << Runtime{s(row.name), row.weight, s(row.prefix)};

    c.customers = split("ACME GmbH|Northwind Traders|Contoso Ltd|Fabrikam Inc.|Globex "
                        "Corporation|Initech|Tailspin Toys|"
                        "Wingtip Toys|Adventure Works|Litware Inc.|Proseware|Woodgrove Bank|Alpine "
                        "Ski House|Coho Winery|"
                        "Fourth Coffee|Lamna Healthcare|Margie's Travel|Trey Research|Wide World "
                        "Importers|Blue Yonder "
                        "Airlines|Humongous Insurance|Lucerne Publishing|Relecloud|Nordlicht "
                        "AG|Kestrel Freight|Pacifica "
                        "Health|Zenith Biotech|Helios Energy|Sakura Foods KK|Banco "
                        "Horizonte|Mistral Logistique SA|"
                        "Okapi Telecom|Andes Minerals|Baltic Shipping AB|Maple Leaf Grocers|Sahara "
                        "Solar|Tasman Dairy");
    c.vendors = split("Amazon Web Services|Google "
                      "Cloud|Microsoft|Snowflake|Salesforce|Atlassian|Slack|Zoom|Workday|"
                      "Okta|GitHub|Datadog|Stripe|Adyen|DHL|FedEx|Maersk|Staples|Deloitte|KPMG|"
                      "Figma|Notion|HubSpot|"
                      "Twilio|Cloudflare");
    c.services = split(kRepos);
    c.regions = split(
            "EMEA|DACH|Nordics|UK & Ireland|North America|LATAM|APAC|ANZ|Benelux|France|Iberia|"
            "India|Japan|Middle East");
    c.months = split("January|February|March|April|May|June|July|August|September|October|November|"
                     "December");
    c.qualifiers =
            split("EMEA|NA|APAC|LATAM|DACH|Nordics|UK|Enterprise|SMB|Tier 2|Night Shift|Pilot|"
                  "Legacy|Beta");
    c.subtasks = split(
            "Fetch the records needed for|Check policy limits for|Draft the summary for|Look up "
            "the account "
            "history for|Validate the figures for|Prepare the notification for|Collect evidence "
            "for|Cross-check "
            "the totals for|Translate the customer-facing text for|Search past cases similar to");
    c.purposeTails = split("Escalates anything outside policy to a person.|Runs only when a team "
                           "member delegates a task.|"
                           "Never acts on production data without approval.|Reviewed quarterly by "
                           "its owner.|Replaces a manual "
                           "spreadsheet process.|Works in English, German, French and Spanish.");
    c.suspendReasons = split("Suspended after a burst of denied requests|Suspended pending the "
                             "owner's review|Suspended: unusual "
                             "API volume at night|Suspended while its model version is "
                             "re-evaluated|Suspended at the security "
                             "team's request");
    c.retireReasons = split("Replaced by a newer agent|Project ended|Decommissioned after the "
                            "model migration|Merged into a "
                            "team-wide assistant|Retired at the owner's request");
    return c;
}

} // namespace mandate::demo
