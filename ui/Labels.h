#pragma once

#include <domain/Domain.h>

#include <QColor>
#include <QCoreApplication>
#include <QIcon>

namespace mandate::ui {

// How the console names and colours the engine's values. Texts are translated; the wire
// names in domain/Enums.h stay for programs.
class Labels final
{
    Q_DECLARE_TR_FUNCTIONS(mandate::ui::Labels)

public:
    Labels() = delete;

    static QString text(AgentStatus status);
    static QString text(RiskTier risk);
    static QString text(HumanStatus status);
    static QString text(SessionStatus status);

    static QColor color(AgentStatus status);
    static QColor color(RiskTier risk);
    static QColor color(HumanStatus status);
    static QColor color(SessionStatus status);

    // A small filled circle of the colour, as item decorations and badges use it.
    static QIcon dot(const QColor &color);
    // A warning sign for values that need an admin's attention (an owner who has left).
    static QIcon warning();

    // "just now", "5 minutes ago", "3 days ago"; older than 30 days: the locale's short date;
    // "never" for 0.
    static QString relativeTime(qint64 ms, qint64 nowMs);
    static QString shortDate(qint64 ms);
    static QString longDateTime(qint64 ms);
    static QString never();

    // The owner's state as a sentence for tooltips; empty while the owner is active.
    static QString ownerWarning(HumanStatus status);
};

} // namespace mandate::ui
