import { useNavigate } from "@remix-run/react";
import { BlockStack, Box, Button, ButtonGroup, DatePicker, InlineStack, Popover, Text } from "@shopify/polaris";
import { useDeferredValue, useState } from "react";
import { addDays, rangeLength, type DayRange } from "../../dashboard/days";
import { MAX_RANGE_DAYS, RANGE_PRESETS, rangeLabel } from "../../dashboard/range";

// DatePicker works with local dates; a day's local midnight stands for the day.
const toDate = (day: string) => {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year!, month! - 1, date!);
};
const toDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** The range button: a preset, or a custom range of up to a year ending no later than today. */
export function RangePicker({ range, preset, today }: { range: DayRange; preset: number | null; today: string }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState({ start: toDate(range.from), end: toDate(range.to) });
  const [month, setMonth] = useState({ month: toDate(range.to).getMonth(), year: toDate(range.to).getFullYear() });
  // The calendar (a month of day buttons) renders in a second, interruptible pass, so
  // the click paints the popover with its presets at once.
  const calendarShown = useDeferredValue(open);
  const go = (query: string) => {
    setOpen(false);
    navigate(`?${query}`);
  };
  return (
    <Popover
      active={open}
      onClose={() => setOpen(false)}
      preferredAlignment="right"
      activator={
        <Button disclosure onClick={() => setOpen((value) => !value)}>
          {rangeLabel(range, preset)}
        </Button>
      }
    >
      <Box padding="400" maxWidth="22rem">
        <BlockStack gap="300">
          <ButtonGroup variant="segmented">
            {RANGE_PRESETS.map((days) => (
              <Button key={days} pressed={preset === days} onClick={() => go(`days=${days}`)}>
                {`${days} days`}
              </Button>
            ))}
          </ButtonGroup>
          <Text as="p" tone="subdued">
            Or pick a custom range (up to a year):
          </Text>
          {calendarShown ? (
            <DatePicker
              month={month.month}
              year={month.year}
              onMonthChange={(nextMonth, year) => setMonth({ month: nextMonth, year })}
              selected={selected}
              onChange={setSelected}
              allowRange
              disableDatesAfter={toDate(today)}
              disableDatesBefore={toDate(addDays(today, -3 * 365))}
            />
          ) : null}
          <InlineStack align="end">
            <Button
              variant="primary"
              disabled={rangeLength({ from: toDay(selected.start), to: toDay(selected.end) }) > MAX_RANGE_DAYS}
              onClick={() => go(`from=${toDay(selected.start)}&to=${toDay(selected.end)}`)}
            >
              Apply
            </Button>
          </InlineStack>
        </BlockStack>
      </Box>
    </Popover>
  );
}
