#pragma once

#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <memory>
#include <utility>

namespace mandate::ui {

// Continues with a backend answer on context's thread, always in a later turn of its event
// loop. QFuture::then(context, ...) calls at once when the future has already finished, and a
// fast answer would then re-enter the caller: a model fetching its next page from inside its
// own rowsInserted signal, say. If context is gone by then, the answer is dropped.
template<typename T, typename F>
void onResult(QFuture<T> future, QObject *context, F &&handler)
{
    auto attaching = std::make_shared<bool>(true);
    future.then(context, [attaching, guard = QPointer<QObject>(context),
                          handler = std::forward<F>(handler)](const T &value) mutable {
        if (!guard)
            return;
        if (*attaching) {
            QMetaObject::invokeMethod(
                    guard.data(),
                    [handler = std::move(handler), value]() mutable { handler(value); },
                    Qt::QueuedConnection);
            return;
        }
        handler(value);
    });
    *attaching = false;
}

} // namespace mandate::ui
