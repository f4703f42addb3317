//! A group as commands show it: its members' ids, sites and dates, named after its first.

use anyhow::Result;
use tantivy::{DocAddress, Searcher};

use super::{Groups, Kind};
use crate::index::{briefs, Brief};

pub struct GroupView {
    /// The members, the article the group is named after first.
    pub members: Vec<Brief>,
}

impl GroupView {
    pub fn of(searcher: &Searcher, members: &[DocAddress]) -> Result<GroupView> {
        Ok(GroupView { members: briefs(searcher, members)? })
    }

    /// The copy group or the story of the article at `address`.
    pub fn of_group(
        searcher: &Searcher,
        groups: &Groups,
        kind: Kind,
        address: DocAddress,
    ) -> Result<GroupView> {
        GroupView::of(searcher, &groups.members(kind, address))
    }

    /// The group's name: the id of its first member.
    pub fn name(&self) -> &str {
        self.members.first().map_or("", |b| b.id.as_str())
    }

    /// The members' sites, each once, in the members' order.
    pub fn sites(&self) -> Vec<&str> {
        let mut sites: Vec<&str> = Vec::new();
        for site in self.members.iter().filter_map(|b| b.site.as_deref()) {
            if !sites.contains(&site) {
                sites.push(site);
            }
        }
        sites
    }

    /// The earliest and latest dates of its members, if any has one.
    pub fn dates(&self) -> Option<(&str, &str)> {
        let mut dates = self.members.iter().filter_map(|b| b.date.as_deref());
        let first = dates.next()?;
        Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }

    /// The ids of the members other than `id`.
    pub fn others(&self, id: &str) -> Vec<&str> {
        self.members.iter().map(|b| b.id.as_str()).filter(|other| *other != id).collect()
    }
}
