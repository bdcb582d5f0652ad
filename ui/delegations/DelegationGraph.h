#pragma once

#include <backend/Backend.h>

#include <QGraphicsView>
#include <QHash>

#include <functional>

namespace mandate::ui {

// A delegation tree drawn top down: the human's session first, sub-agent sessions below
// their parent. Each node shows the agent, the task, the time left and a status
// colour; each edge names the scopes removed at that hop. Wheel or keys zoom, drag pans.
class DelegationGraph final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit DelegationGraph(QWidget *parent = nullptr);
    ~DelegationGraph() override;
    Q_DISABLE_COPY_MOVE(DelegationGraph)

    // Where nodes read the time, so that their time left counts down as they repaint.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    // Draws the tree; without a clock, nowMs decides time left and expiry.
    void setTree(const DelegationTree &tree, qint64 nowMs);
    void clear();
    void setSelectedSession(const QString &sessionId);
    QString selectedSession() const { return m_selected; }
    int nodeCount() const { return int(m_nodes.size()); }

    void zoomIn();
    void zoomOut();
    void fit();
    // The whole tree, at its natural size (PNG twice that, for sharpness).
    bool exportPng(const QString &path) const;
    bool exportSvg(const QString &path) const;

Q_SIGNALS:
    void sessionSelected(const QString &sessionId);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void renderTo(QPainter &painter, const QRectF &target) const;
    void paintSelection();

    QGraphicsScene *m_scene;
    QHash<QString, QGraphicsItem *> m_nodes;
    QString m_selected;
    QString m_rootId;
    std::function<qint64()> m_clock;
    bool m_fitted = true;
};

} // namespace mandate::ui
