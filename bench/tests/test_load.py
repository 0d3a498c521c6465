"""The harness' reading of wrk output and its percentiles (no load is generated here)."""

import pytest

from bench import load

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8401/en/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.27ms   12.02ms 153.84ms   80.11%
    Req/Sec    97.33     18.21   141.00     70.00%
  Latency Distribution
     50%   {p50}
     75%   45.10ms
     90%   55.83ms
     99%   {p99}
  {total} requests in 5.01s, 15.20MB read
{extra}Requests/sec:    {rps}
Transfer/sec:      3.03MB
"""


def output(p50="38.64ms", p99="1.20s", total=973, rps="194.21", extra=""):
    return WRK_OUTPUT.format(p50=p50, p99=p99, total=total, rps=rps, extra=extra)


def test_wrk_summary_gives_throughput_and_latency_in_milliseconds():
    result = load.parse_wrk(output())
    assert (result.requests, result.rps, result.p50_ms, result.p99_ms, result.errors) == (973, 194.21, 38.64, 1200.0, 0)


@pytest.mark.parametrize(("text", "ms"), [("850.00us", 0.85), ("2.91ms", 2.91), ("1.50s", 1500.0), ("1.00m", 60000.0)])
def test_wrk_durations_convert_from_each_unit(text, ms):
    assert load.duration_ms(text) == pytest.approx(ms)


def test_socket_errors_and_non_success_responses_count_as_errors():
    extra = "  Socket errors: connect 1, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 10\n"
    assert load.parse_wrk(output(extra=extra)).errors == 16


def test_output_without_a_summary_is_refused():
    with pytest.raises(ValueError, match="no summary"):
        load.parse_wrk("unable to connect to 127.0.0.1:8401 Connection refused\n")


def test_an_unknown_duration_unit_is_refused():
    with pytest.raises(ValueError, match="Not a wrk duration"):
        load.duration_ms("3h")


def test_nearest_rank_percentile_of_a_hundred_values():
    values = list(range(100, 0, -1))
    assert (load.percentile(values, 0.5), load.percentile(values, 0.99), load.percentile([], 0.5)) == (50, 99, 0.0)


def test_a_run_in_which_no_request_finished_has_no_latency():
    result = load.parse_wrk(output(p50="0.00us", p99="0.00us", total=0, rps="0.00"))
    assert (result.requests, result.rps, result.p50_ms, result.p99_ms) == (0, 0.0, None, None)
