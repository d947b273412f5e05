//! The three clocks of a match: the match clock (`clk`), injury timers (`ij0`/`ij1`/`ij2`)
//! and the break clock (`brk`).
//!
//! The rules are written out in the crate documentation (`## Clocks`).

use pss::{BreakAction, ClockAction, ClockTime, InjuryAction, Side};

use crate::event::DomainEvent;
use crate::state::{MatchPhase, MatchState};

impl MatchState {
    pub(crate) fn apply_clock(
        &mut self,
        time: ClockTime,
        action: Option<ClockAction>,
        at_us: i64,
        events: &mut Vec<DomainEvent>,
    ) {
        let seconds = time.seconds;
        let moved = self.clock.map(|clock| clock.seconds) != Some(seconds);
        self.clock = Some(time);
        match action {
            Some(ClockAction::Start) if !self.clock_running => {
                self.clock_running = true;
                self.started_at_us.get_or_insert(at_us);
                if self.phase == MatchPhase::Break {
                    self.break_timer.running = false;
                    events.push(DomainEvent::BreakEnded);
                }
                if self.phase != MatchPhase::Finished {
                    self.phase = MatchPhase::Running;
                }
                events.push(DomainEvent::ClockStarted { seconds });
            }
            Some(ClockAction::Stop) if self.clock_running => {
                self.clock_running = false;
                if self.phase == MatchPhase::Running {
                    self.phase = MatchPhase::Paused;
                }
                events.push(DomainEvent::ClockStopped { seconds });
            }
            _ if moved => events.push(DomainEvent::ClockTick { seconds }),
            _ => {}
        }
    }

    pub(crate) fn apply_injury(
        &mut self,
        side: Option<Side>,
        time: ClockTime,
        action: Option<InjuryAction>,
        events: &mut Vec<DomainEvent>,
    ) {
        let timer = match side {
            Some(side) => &mut self.side_mut(side).injury,
            None => &mut self.injury_unknown,
        };
        let seconds = time.seconds;
        let moved = timer.time.map(|time| time.seconds) != Some(seconds);
        timer.time = Some(time);
        match action {
            Some(InjuryAction::Show) if !timer.shown => {
                timer.shown = true;
                events.push(DomainEvent::InjuryStarted { side });
            }
            Some(InjuryAction::Hide | InjuryAction::Reset) if timer.shown => {
                timer.shown = false;
                events.push(DomainEvent::InjuryEnded { side });
            }
            _ if moved => events.push(DomainEvent::InjuryTick { side, seconds }),
            _ => {}
        }
    }

    pub(crate) fn apply_break(
        &mut self,
        time: ClockTime,
        action: Option<BreakAction>,
        events: &mut Vec<DomainEvent>,
    ) {
        let seconds = time.seconds;
        let moved = self.break_timer.time.map(|time| time.seconds) != Some(seconds);
        let was_running = self.break_timer.running;
        self.break_timer.time = Some(time);
        self.break_timer.running = action.is_none();
        if self.phase == MatchPhase::Break {
            match action {
                Some(BreakAction::StopEnd) => {
                    self.phase = MatchPhase::Paused;
                    events.push(DomainEvent::BreakEnded);
                }
                Some(BreakAction::Stop) if was_running => {
                    events.push(DomainEvent::BreakStopped { seconds });
                }
                None if !was_running => events.push(DomainEvent::BreakTick { seconds }),
                _ if moved => events.push(DomainEvent::BreakTick { seconds }),
                _ => {}
            }
        } else if matches!(self.phase, MatchPhase::Running | MatchPhase::Paused)
            && action != Some(BreakAction::StopEnd)
        {
            self.phase = MatchPhase::Break;
            events.push(DomainEvent::BreakStarted { seconds });
        } else if moved {
            events.push(DomainEvent::BreakTick { seconds });
        }
    }
}
