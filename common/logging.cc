#include "common/logging.h"

#include <memory>

#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace lifelong::common::log {
namespace {

thread_local std::string current_trace_id;

struct State {
  std::shared_ptr<spdlog::logger> logger;
  std::string service;
};

State& GetState() {
  static State state = [] {
    State s;
    s.logger = spdlog::stdout_logger_mt("lifelong");
    // The message is the rest of a JSON object, written by Emit.
    s.logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                          spdlog::pattern_time_type::utc);
    s.logger->flush_on(spdlog::level::info);
    return s;
  }();
  return state;
}

void Emit(spdlog::level::level_enum level, std::string_view msg,
          const nlohmann::json& fields) {
  State& state = GetState();
  if (!state.logger->should_log(level)) return;
  nlohmann::json line = nlohmann::json::object();
  line["service"] = state.service;
  line["msg"] = msg;
  if (!current_trace_id.empty()) line["trace_id"] = current_trace_id;
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      line[it.key()] = it.value();
    }
  }
  std::string body =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Strip the braces: the pattern supplies the object around it.
  state.logger->log(level, "{}",
                    std::string_view(body).substr(1, body.size() - 2));
}

}  // namespace

void Init(const std::string& service, const std::string& level) {
  State& state = GetState();
  state.service = service;
  state.logger->set_level(spdlog::level::from_str(level));
}

void Debug(std::string_view msg, const nlohmann::json& fields) {
  Emit(spdlog::level::debug, msg, fields);
}
bool DebugEnabled() {
  return GetState().logger->should_log(spdlog::level::debug);
}

void Info(std::string_view msg, const nlohmann::json& fields) {
  Emit(spdlog::level::info, msg, fields);
}
void Warn(std::string_view msg, const nlohmann::json& fields) {
  Emit(spdlog::level::warn, msg, fields);
}
void Error(std::string_view msg, const nlohmann::json& fields) {
  Emit(spdlog::level::err, msg, fields);
}

ScopedTraceId::ScopedTraceId(std::string trace_id)
    : previous_(std::move(current_trace_id)) {
  current_trace_id = std::move(trace_id);
}

ScopedTraceId::~ScopedTraceId() { current_trace_id = std::move(previous_); }

const std::string& CurrentTraceId() { return current_trace_id; }

}  // namespace lifelong::common::log
