#include "DelegationGraph.h"

#include "../Labels.h"
#include "../Theme.h"
#include "../live/LiveSessionModel.h"

#include <QFontMetrics>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QSvgGenerator>
#include <QWheelEvent>

namespace mandate::ui {

namespace {

constexpr qreal kNodeW = 210;
constexpr qreal kNodeH = 70;
constexpr qreal kSiblingGap = 24;
constexpr qreal kLevelGap = 64; // room for the edge's label
// "Fit" never makes text smaller than this: a wide tree is panned, not shrunk to dots.
constexpr qreal kMinFitScale = 0.7;
constexpr qreal kRowGap = 18;
constexpr int kSessionIdKey = 0;

class NodeItem final : public QGraphicsItem
{
public:
    NodeItem(const SessionInfo &info, std::function<qint64()> clock) : m_info(info), m_clock(std::move(clock))
    {
        setData(kSessionIdKey, info.session.id);
        setToolTip(QStringLiteral("%1\n%2\n%3").arg(info.agentName, info.session.task, info.session.scopes.toString()));
    }
    QRectF boundingRect() const override { return QRectF(-2, -2, kNodeW + 4, kNodeH + 4); }
    void setSelectedNode(bool selected)
    {
        m_selectedNode = selected;
        update();
    }

    void paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        // The time left counts down: it is read from the clock at every paint.
        m_now = m_clock();
        const SessionStatus status = m_info.session.effectiveStatus(m_now);
        const QColor colour = Labels::color(status);
        p->setRenderHint(QPainter::Antialiasing);
        const QRectF r(0, 0, kNodeW, kNodeH);
        p->setPen(QPen(m_selectedNode ? theme::kAccent : theme::kBorder, m_selectedNode ? 2.5 : 1));
        p->setBrush(status == SessionStatus::Active ? QColor(Qt::white) : QColor(0xf4, 0xf5, 0xf7));
        p->drawRoundedRect(r, 8, 8);
        p->setPen(Qt::NoPen);
        p->setBrush(colour);
        p->drawRoundedRect(QRectF(0, 0, 7, kNodeH), 4, 4);
        p->drawRect(QRectF(3, 0, 4, kNodeH));

        QFont bold = p->font();
        bold.setWeight(QFont::DemiBold);
        const QFontMetrics bfm(bold);
        const QFontMetrics fm(p->font());
        const qreal x = 16;
        const qreal w = kNodeW - x - 10;
        p->setFont(bold);
        p->setPen(theme::kText);
        p->drawText(QPointF(x, 20), bfm.elidedText(m_info.agentName.isEmpty() ? m_info.session.agentId : m_info.agentName,
                                                    Qt::ElideRight, int(w)));
        p->setFont(QFont(p->font()));
        QFont normal = bold;
        normal.setWeight(QFont::Normal);
        p->setFont(normal);
        p->setPen(theme::kMutedText);
        p->drawText(QPointF(x, 40), fm.elidedText(m_info.session.task, Qt::ElideRight, int(w)));
        QString state;
        if (status == SessionStatus::Active)
            state = QCoreApplication::translate("mandate::ui::DelegationGraph", "%1 left")
                            .arg(formatTimeLeft(m_info.session.expiresAt - m_now));
        else
            state = Labels::text(status);
        const QString depth = m_info.session.depth == 0
                                      ? QCoreApplication::translate("mandate::ui::DelegationGraph", "for %1").arg(m_info.humanName)
                                      : QCoreApplication::translate("mandate::ui::DelegationGraph", "depth %1").arg(m_info.session.depth);
        p->setPen(colour.darker(130));
        p->drawText(QPointF(x, 61), fm.elidedText(QStringLiteral("%1 \u00b7 %2").arg(state, depth), Qt::ElideRight, int(w)));
    }

private:
    SessionInfo m_info;
    std::function<qint64()> m_clock;
    qint64 m_now = 0;
    bool m_selectedNode = false;
};

} // namespace

DelegationGraph::DelegationGraph(QWidget *parent)
    : QGraphicsView(parent), m_scene(new QGraphicsScene(this))
{
    setObjectName(QStringLiteral("delegationGraph"));
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(QColor(0xfa, 0xfb, 0xfc));
    setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    setFocusPolicy(Qt::StrongFocus);
}

DelegationGraph::~DelegationGraph() = default;

void DelegationGraph::clear()
{
    m_scene->clear();
    m_nodes.clear();
}

void DelegationGraph::setTree(const DelegationTree &tree, qint64 nowMs)
{
    clear();
    QHash<QString, QStringList> children;
    QHash<QString, const SessionInfo *> byId;
    for (const SessionInfo &s : tree.sessions) {
        byId.insert(s.session.id, &s);
        if (!s.session.parentId.isEmpty())
            children[s.session.parentId] << s.session.id;
    }
    // Top down: leaves take the next column; a parent sits above the middle of its children.
    qreal nextColumn = 0;
    QHash<QString, QPointF> at;
    std::function<qreal(const QString &)> place = [&](const QString &id) -> qreal {
        const SessionInfo *s = byId.value(id);
        const QStringList kids = children.value(id);
        qreal x = 0;
        if (kids.isEmpty()) {
            x = nextColumn;
            nextColumn += kNodeW + kSiblingGap;
        } else {
            qreal first = 0;
            qreal last = 0;
            for (int i = 0; i < kids.size(); ++i) {
                const qreal kx = place(kids.at(i));
                if (i == 0)
                    first = kx;
                last = kx;
            }
            x = (first + last) / 2;
        }
        at.insert(id, QPointF(x, s->session.depth * (kNodeH + kLevelGap)));
        return x;
    };
    if (!byId.contains(tree.rootId))
        return;
    m_rootId = tree.rootId;
    place(tree.rootId);

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (const SessionInfo &s : tree.sessions) {
        if (!at.contains(s.session.id))
            continue;
        if (!s.session.parentId.isEmpty() && at.contains(s.session.parentId)) {
            const SessionInfo *parent = byId.value(s.session.parentId);
            const QPointF from = at.value(s.session.parentId) + QPointF(kNodeW / 2, kNodeH);
            const QPointF to = at.value(s.session.id) + QPointF(kNodeW / 2, 0);
            QPainterPath path(from);
            const qreal mid = (from.y() + to.y()) / 2;
            path.cubicTo(QPointF(from.x(), mid), QPointF(to.x(), mid), to);
            auto *edge = m_scene->addPath(path, QPen(QColor(0x9a, 0xa5, 0xad), 1.4));
            edge->setZValue(-1);
            const ScopeSet removed = parent->session.scopes.minus(s.session.scopes);
            const QString label = removed.isEmpty()
                                          ? tr("all scopes kept")
                                          : QStringLiteral("\u2212 ") + removed.values().join(QStringLiteral(", "));
            const QFontMetrics fm(small);
            auto *text = m_scene->addSimpleText(fm.elidedText(label, Qt::ElideMiddle, int(kNodeW)), small);
            text->setBrush(removed.isEmpty() ? theme::kMutedText : theme::kWarning);
            text->setToolTip(removed.isEmpty() ? label : tr("Removed at this hop: %1").arg(removed.values().join(QStringLiteral(", "))));
            const QRectF b = text->boundingRect();
            // Just above the child, on the side away from its parent, so the curve stays clear.
            const qreal x = to.x() >= from.x() ? to.x() + 6 : to.x() - b.width() - 6;
            text->setPos(x, to.y() - b.height() - 4);
            // A white ground keeps the label readable where it crosses another edge.
            auto *ground = m_scene->addRect(text->sceneBoundingRect().adjusted(-2, 0, 2, 0), Qt::NoPen,
                                            QColor(0xfa, 0xfb, 0xfc));
            ground->setZValue(-0.5);
        }
        auto *node = new NodeItem(s, m_clock ? m_clock : std::function<qint64()>([nowMs] { return nowMs; }));
        node->setPos(at.value(s.session.id));
        node->setCursor(Qt::PointingHandCursor);
        m_scene->addItem(node);
        m_nodes.insert(s.session.id, node);
    }
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-30, -30, 30, 30));
    paintSelection();
    if (m_fitted)
        fit();
}

void DelegationGraph::setSelectedSession(const QString &sessionId)
{
    m_selected = sessionId;
    paintSelection();
    if (QGraphicsItem *node = m_nodes.value(sessionId))
        ensureVisible(node, 40, 40);
}

void DelegationGraph::paintSelection()
{
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        static_cast<NodeItem *>(it.value())->setSelectedNode(it.key() == m_selected);
}

void DelegationGraph::zoomIn()
{
    m_fitted = false;
    scale(1.2, 1.2);
}

void DelegationGraph::zoomOut()
{
    m_fitted = false;
    scale(1 / 1.2, 1 / 1.2);
}

void DelegationGraph::fit()
{
    m_fitted = true;
    if (m_scene->items().isEmpty())
        return;
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    // Never larger than life, never too small to read: a wide tree starts at its root.
    const qreal scale = qBound(kMinFitScale, transform().m11(), 1.0);
    setTransform(QTransform::fromScale(scale, scale));
    if (scale == kMinFitScale) {
        // Too wide to fit: the human's session in view, at the top.
        if (QGraphicsItem *root = m_nodes.value(m_rootId))
            centerOn(root);
        verticalScrollBar()->setValue(verticalScrollBar()->minimum());
    }
}

void DelegationGraph::wheelEvent(QWheelEvent *event)
{
    if (event->angleDelta().y() > 0)
        zoomIn();
    else if (event->angleDelta().y() < 0)
        zoomOut();
    event->accept();
}

void DelegationGraph::mousePressEvent(QMouseEvent *event)
{
    for (QGraphicsItem *item : items(event->position().toPoint())) {
        const QString id = item->data(kSessionIdKey).toString();
        if (!id.isEmpty()) {
            setSelectedSession(id);
            Q_EMIT sessionSelected(id);
            break;
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void DelegationGraph::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitted)
        fit();
}

void DelegationGraph::renderTo(QPainter &painter, const QRectF &target) const
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(target, Qt::white);
    m_scene->render(&painter, target, m_scene->sceneRect());
}

bool DelegationGraph::exportPng(const QString &path) const
{
    const QSizeF size = m_scene->sceneRect().size() * 2;
    QImage image(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    renderTo(painter, QRectF(QPointF(0, 0), size));
    painter.end();
    return image.save(path, "PNG");
}

bool DelegationGraph::exportSvg(const QString &path) const
{
    QSvgGenerator svg;
    svg.setFileName(path);
    const QSizeF size = m_scene->sceneRect().size();
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setTitle(tr("Delegation tree"));
    QPainter painter;
    if (!painter.begin(&svg))
        return false;
    renderTo(painter, QRectF(QPointF(0, 0), size));
    return painter.end();
}

} // namespace mandate::ui
