#include "UiBench.h"

#include "DemoBench.h"

#include "backend/LocalBackend.h"
#include "inventory/AgentTableModel.h"
#include "inventory/InventoryPage.h"

#include <QElapsedTimer>
#include <algorithm>
#include <QEventLoop>
#include <QTextStream>
#include <QTimer>

namespace mandate::bench {

namespace {

// Runs the event loop until the model's first page for its current query arrives; the time
// in milliseconds, or a negative value after 30 s.
double waitForFirstRows(ui::AgentTableModel &model, const std::function<void()> &start)
{
    QEventLoop loop;
    QElapsedTimer timer;
    bool arrived = false;
    const auto connection = QObject::connect(&model, &ui::AgentTableModel::firstRowsArrived, &loop, [&] {
        arrived = true;
        loop.quit();
    });
    QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
    timer.start();
    start();
    if (!model.hasFirstPage() || !arrived)
        loop.exec();
    const double ms = timer.nsecsElapsed() / 1e6;
    QObject::disconnect(connection);
    return arrived ? ms : -1;
}

// Words an admin would type: an agent's name, an owner's surname, a model, a purpose word.
QStringList searchTerms(Backend &backend)
{
    AgentQuery q;
    q.sort = AgentSort::CreatedAt;
    q.limit = 500;
    auto page = backend.agents(q);
    page.waitForFinished();
    QStringList terms;
    const Result<AgentPage> result = page.result();
    if (!result)
        return terms;
    const QList<Agent> &agents = result->agents;
    for (int i = 0; i < agents.size() && terms.size() < 8; i += 61) {
        const Agent &a = agents.at(i);
        const QStringList nameWords = a.name.split(u' ', Qt::SkipEmptyParts);
        const QStringList ownerWords = a.ownerName.split(u' ', Qt::SkipEmptyParts);
        if (!nameWords.isEmpty())
            terms << nameWords.first();
        if (!ownerWords.isEmpty())
            terms << ownerWords.last();
    }
    terms << QStringLiteral("claude") << QStringLiteral("refund");
    terms.removeDuplicates();
    return terms;
}

} // namespace

BenchGroup uiGroup()
{
    return BenchGroup{
        QStringLiteral("ui"),
        {QStringLiteral("ui.inventory_first_rows_ms"), QStringLiteral("ui.inventory_filter_ms")},
        [](BenchContext &context, BenchReport &report, QString *error) {
            if (!ensureStore(context, error))
                return false;
            auto backend = LocalBackend::open(context.storePath);
            if (!backend) {
                *error = backend.error().message;
                return false;
            }

            // First rows: a fresh page each time, as when the console opens on the Inventory.
            QList<double> firstRows;
            for (int i = 0; i < 5; ++i) {
                ui::InventoryPage page(**backend);
                page.resize(1440, 900);
                page.show();
                const double ms = waitForFirstRows(*page.model(), [&] { page.activate(); });
                if (ms < 0) {
                    *error = QStringLiteral("the inventory's first rows did not arrive within 30 s");
                    return false;
                }
                firstRows << ms;
            }

            // Filter: the query the search field sends once typing pauses, to its first rows.
            ui::InventoryPage page(**backend);
            page.resize(1440, 900);
            page.show();
            waitForFirstRows(*page.model(), [&] { page.activate(); });
            QList<double> filters;
            const QStringList terms = searchTerms(**backend);
            for (const QString &term : terms) {
                AgentFilter filter;
                filter.text = term;
                filter.nowMs = (*backend)->nowMs();
                const double ms = waitForFirstRows(*page.model(), [&] { page.model()->setFilter(filter); });
                if (ms < 0) {
                    *error = QStringLiteral("the filter \"%1\" did not answer within 30 s").arg(term);
                    return false;
                }
                filters << ms;
                if (context.verbose)
                    QTextStream(stderr) << "  filter \"" << term << "\": " << ms << " ms\n";
            }
            report.set(QStringLiteral("ui.inventory_first_rows_ms"), median(firstRows));
            report.set(QStringLiteral("ui.inventory_first_rows_cold_ms"), firstRows.first());
            report.set(QStringLiteral("ui.inventory_filter_ms"), median(filters));
            report.set(QStringLiteral("ui.inventory_filter_max_ms"),
                       *std::max_element(filters.cbegin(), filters.cend()));
            report.note(QStringLiteral("ui.inventory_filter_terms"), terms.join(u' '));
            return true;
        }};
}

} // namespace mandate::bench
