#include "exporter/connection_registry.h"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace unyo::exporter {

ConnectionRegistry::Id ConnectionRegistry::add(std::string remoteAddress) {
  const Id id = nextId_++;
  entries_.push_back({.id = id,
                      .remoteAddress = std::move(remoteAddress),
                      .lastActivity = nextTick_++,
                      .busy = false,
                      .close = {}});
  publishSize();
  return id;
}

bool ConnectionRegistry::attach(Id id, CloseFunction close) {
  Entry* entry = find(id);
  if (entry == nullptr) return false;
  entry->close = std::move(close);
  return true;
}

void ConnectionRegistry::remove(Id id) {
  std::erase_if(entries_, [id](const Entry& e) { return e.id == id; });
  publishSize();
}

void ConnectionRegistry::beginRequest(Id id) {
  if (Entry* entry = find(id)) {
    entry->busy = true;
    entry->lastActivity = nextTick_++;
  }
}

void ConnectionRegistry::endRequest(Id id) {
  if (Entry* entry = find(id)) {
    entry->busy = false;
    entry->lastActivity = nextTick_++;
  }
}

std::optional<ConnectionRegistry::Id> ConnectionRegistry::evictionCandidate() const {
  // Idle sorts before busy, then older activity before newer.
  const auto victim = std::ranges::min_element(
      entries_, {}, [](const Entry& e) { return std::make_tuple(e.busy, e.lastActivity); });
  if (victim == entries_.end()) return std::nullopt;
  return victim->id;
}

std::optional<ConnectionRegistry::Evicted> ConnectionRegistry::evictOne() {
  const std::optional<Id> id = evictionCandidate();
  if (!id) return std::nullopt;
  const auto it = std::ranges::find(entries_, *id, &Entry::id);
  Entry victim = std::move(*it);
  entries_.erase(it);
  publishSize();
  if (victim.close) victim.close();
  return Evicted{.remoteAddress = std::move(victim.remoteAddress), .wasBusy = victim.busy};
}

void ConnectionRegistry::closeIdle() {
  closeWhere([](const Entry& e) { return !e.busy; });
}

void ConnectionRegistry::closeAll() {
  closeWhere([](const Entry&) { return true; });
}

ConnectionRegistry::Entry* ConnectionRegistry::find(Id id) {
  const auto it = std::ranges::find(entries_, id, &Entry::id);
  return it == entries_.end() ? nullptr : &*it;
}

void ConnectionRegistry::closeWhere(const std::function<bool(const Entry&)>& shouldClose) {
  // Take the entries out before closing any: a close function may run code
  // that touches the registry.
  std::vector<Entry> closing;
  const auto firstKept = std::stable_partition(entries_.begin(), entries_.end(),
                                               [&](const Entry& e) { return !shouldClose(e); });
  std::move(firstKept, entries_.end(), std::back_inserter(closing));
  entries_.erase(firstKept, entries_.end());
  publishSize();
  for (Entry& entry : closing) {
    if (entry.close) entry.close();
  }
}

}  // namespace unyo::exporter
